//! `CAPTURE[:CALL]`: a capture file and, optionally, which of its calls (its id or any session
//! or party id in it, or its position counting from 1). A path may itself hold `:`, so an
//! argument naming an existing file is always the whole path.

use crate::calls::{Call, CallSet};
use crate::store::Store;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallTarget {
    pub path: PathBuf,
    pub call: Option<String>,
}

impl CallTarget {
    /// Reads `FILE` or `FILE:CALL`; `exists` says whether a path is a file (the file system in
    /// real use).
    pub fn parse(arg: &str, exists: impl Fn(&Path) -> bool) -> Result<Self, String> {
        if exists(Path::new(arg)) {
            return Ok(Self {
                path: arg.into(),
                call: None,
            });
        }
        if let Some((path, call)) = arg.rsplit_once(':')
            && !path.is_empty()
            && exists(Path::new(path))
        {
            return Ok(Self {
                path: path.into(),
                call: (!call.is_empty()).then(|| call.to_owned()),
            });
        }
        Err(format!(
            "{arg}: no such file (give CAPTURE or CAPTURE:CALL)"
        ))
    }
}

/// The call `which` names (its position counting from 1, or an id [`CallSet::find`] knows), or
/// the first call when none is named.
pub fn pick_call<'a>(
    store: &Store,
    set: &'a CallSet,
    which: Option<&str>,
) -> Result<(usize, &'a Call), String> {
    let Some(which) = which else {
        return set
            .calls
            .first()
            .map(|c| (0, c))
            .ok_or_else(|| "it holds no call".to_owned());
    };
    if let Ok(n) = which.parse::<usize>()
        && n >= 1
        && n <= set.calls.len()
    {
        return Ok((n - 1, &set.calls[n - 1]));
    }
    set.find_index(store, which)
        .map(|i| (i, &set.calls[i]))
        .ok_or_else(|| {
            format!(
                "no call {which:?} (give a call id, a session or party id in it, or a number from 1 to {})",
                set.calls.len()
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_with_a_colon_is_read_whole_when_it_exists() {
        let files = ["a.ndjson", "odd:name.ndjson"];
        let exists = |p: &Path| files.iter().any(|f| Path::new(f) == p);
        let t = CallTarget::parse("odd:name.ndjson", exists).unwrap();
        assert_eq!((t.path.to_str(), t.call), (Some("odd:name.ndjson"), None));
        let t = CallTarget::parse("a.ndjson:s-abc", exists).unwrap();
        assert_eq!(t.call.as_deref(), Some("s-abc"));
        let t = CallTarget::parse("odd:name.ndjson:2", exists).unwrap();
        assert_eq!(t.path.to_str(), Some("odd:name.ndjson"));
        assert_eq!(t.call.as_deref(), Some("2"));
        assert!(CallTarget::parse("missing.ndjson:1", exists).is_err());
    }
}
