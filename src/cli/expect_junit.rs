//! `expect check --junit`: the result as JUnit XML (a suite per capture, a test case per call,
//! one more for a flow's `calls: N`), the shape CI servers (GitLab, Jenkins, GitHub actions
//! reporters) read. Capture text is escaped; characters XML 1.0 cannot hold are replaced.

use super::expect_cmd::Checked;
use crate::expect::{Flow, Outcome, say};
use crate::export::xml::esc_lines as esc;
use std::fmt::Write;

/// The report of every capture.
pub fn junit_xml(flow: &Flow, flow_file: &str, results: &[Checked]) -> String {
    let suite_name = flow.name.clone().unwrap_or_else(|| flow_file.to_owned());
    let mut cases_total = 0;
    let mut failures_total = 0;
    let mut errors_total = 0;
    let mut suites = String::new();
    for r in results {
        let mut cases = String::new();
        let (mut tests, mut failures, mut errors) = (0, 0, 0);
        if let Some(e) = &r.error {
            tests += 1;
            errors += 1;
            let _ = write!(
                cases,
                "    <testcase classname=\"{}\" name=\"capture\">\n      <error message=\"{}\"/>\n    </testcase>\n",
                esc(&r.name),
                esc(e)
            );
        }
        for c in &r.check.calls {
            tests += 1;
            let _ = writeln!(
                cases,
                "    <testcase classname=\"{}\" name=\"call {}\">",
                esc(&r.name),
                esc(&c.id)
            );
            let mut steps = String::new();
            for (i, (step, res)) in flow.steps.iter().zip(&c.result.steps).enumerate() {
                let mark = match res.outcome {
                    Outcome::Matched => "ok",
                    Outcome::Skipped => "skipped",
                    Outcome::Failed => "FAILED",
                    Outcome::NotReached => "not reached",
                };
                let _ = writeln!(steps, "step {} {}: {mark}", i + 1, say::step_title(step));
            }
            let _ = writeln!(steps, "{}", c.summary);
            match &c.result.mismatch {
                // A call need not follow the flow when only N of the capture's calls are to.
                Some(m) if r.check.expected_calls.is_none() => {
                    failures += 1;
                    let _ = writeln!(
                        cases,
                        "      <failure message=\"{}\" type=\"mismatch\">{}</failure>",
                        esc(&m.message),
                        esc(&steps)
                    );
                }
                Some(m) => {
                    let _ = writeln!(
                        cases,
                        "      <system-out>{}</system-out>",
                        esc(&format!("does not follow the flow: {}\n{steps}", m.message))
                    );
                }
                None => {
                    let _ = writeln!(cases, "      <system-out>{}</system-out>", esc(&steps));
                }
            }
            cases.push_str("    </testcase>\n");
        }
        if let Some(n) = r.check.expected_calls
            && r.error.is_none()
        {
            tests += 1;
            let _ = writeln!(
                cases,
                "    <testcase classname=\"{}\" name=\"{n} calls follow the flow\">",
                esc(&r.name)
            );
            if let Some(p) = r.check.count_problem() {
                failures += 1;
                let _ = writeln!(
                    cases,
                    "      <failure message=\"{}\" type=\"count\"/>",
                    esc(&p)
                );
            }
            cases.push_str("    </testcase>\n");
        }
        if r.rejected > 0 {
            tests += 1;
            errors += 1;
            let _ = write!(
                cases,
                "    <testcase classname=\"{}\" name=\"input\">\n      <error message=\"{} items of input rejected\"/>\n    </testcase>\n",
                esc(&r.name),
                r.rejected
            );
        }
        let _ = write!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{cases}  </testsuite>\n",
            esc(&format!("{suite_name} · {}", r.name))
        );
        cases_total += tests;
        failures_total += failures;
        errors_total += errors;
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{cases_total}\" failures=\"{failures_total}\" errors=\"{errors_total}\">\n{suites}</testsuites>\n",
        esc(&suite_name)
    )
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(esc("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(esc("x\u{1b}[31my"), "x [31my");
        assert_eq!(esc("1\n2"), "1&#10;2");
    }
}
