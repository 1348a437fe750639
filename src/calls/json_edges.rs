//! The JSON of what a capture does not show (`answer_evidence`, `length_known`, `view`, `gaps`,
//! `unseen`), the last fields of each call in `calls --json`; documented in the README.

use super::json::{CallJson, End, Text, TimeText, owned, owned_opt};
use super::{Call, CallSet};
use crate::store::Store;
use serde::Serialize;
use std::borrow::Cow;

#[derive(Debug, Clone, Copy, Serialize)]
pub struct AnswerJson {
    /// `observed`, `inferred`, `not_answered` or `not_seen`.
    pub kind: &'static str,
    /// Why (for `inferred` and `not_seen`): `attended_transfer`, `conference`, `hold_or_park`,
    /// `capture_ends`, `events_missing`, `partial_view`.
    pub reason: Option<&'static str>,
    pub text: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct ViewJson<'a> {
    /// `account`, `extension` or `unknown`.
    pub scope: &'static str,
    /// The extension whose subscription saw the call (scope `extension` only).
    pub extension_id: Option<Text<'a>>,
    /// How the scope was decided, in words (null for an account-level view, the common case).
    pub label: Option<Text<'a>>,
    /// Only part of the call can be in the capture.
    pub partial: bool,
}

#[derive(Debug, Serialize)]
pub struct GapJson<'a> {
    pub session: Text<'a>,
    pub first_missing: i64,
    pub last_missing: i64,
    /// eventTime of the last event before the gap and of the first after it.
    pub from: TimeText,
    pub to: TimeText,
}

#[derive(Debug, Serialize)]
pub struct UnseenJson<'a> {
    pub label: Text<'a>,
    /// `caller`, `callee`, `attended_transfer_target` or `peer_session`.
    pub role: &'static str,
    pub session: Text<'a>,
    /// The seen party whose `from`/`to` (or `peerId`) names it.
    pub named_by: End<'a>,
    pub at: TimeText,
    #[serde(rename = "extensionId")]
    pub extension_id: Option<Text<'a>>,
    pub number: Option<Text<'a>>,
    pub text: Text<'a>,
}

impl ViewJson<'_> {
    pub fn into_owned(self) -> ViewJson<'static> {
        ViewJson {
            scope: self.scope,
            extension_id: owned_opt(self.extension_id),
            label: owned_opt(self.label),
            partial: self.partial,
        }
    }
}

impl GapJson<'_> {
    pub fn into_owned(self) -> GapJson<'static> {
        GapJson {
            session: owned(self.session),
            first_missing: self.first_missing,
            last_missing: self.last_missing,
            from: self.from,
            to: self.to,
        }
    }
}

impl UnseenJson<'_> {
    pub fn into_owned(self) -> UnseenJson<'static> {
        UnseenJson {
            label: owned(self.label),
            role: self.role,
            session: owned(self.session),
            named_by: End {
                session: owned(self.named_by.session),
                party: owned(self.named_by.party),
            },
            at: self.at,
            extension_id: owned_opt(self.extension_id),
            number: owned_opt(self.number),
            text: owned(self.text),
        }
    }
}

impl<'a> CallJson<'a> {
    /// Fills the fields of what the capture does not show (the lists keep their room).
    pub(super) fn fill_edges(&mut self, store: &'a Store, set: &'a CallSet, call: &'a Call) {
        let text = |sym| Cow::Borrowed(store.text(sym));
        let opt_text = |sym: Option<_>| sym.map(text);
        self.answer_evidence = AnswerJson {
            kind: call.answer.kind.as_str(),
            reason: call.answer.why.code(),
            text: call.answer.why.code().map(|_| call.answer.why.text()),
        };
        self.length_known = call.length_known;
        self.view = ViewJson {
            scope: call.view.as_str(),
            extension_id: opt_text(call.view.extension()),
            label: (call.view != super::Scope::Account)
                .then(|| super::view_label(store, set, call)),
            partial: call.view.partial(),
        };
        self.gaps.clear();
        self.gaps
            .extend(super::gaps::call_gaps(set, call).map(|(_, s, g)| GapJson {
                session: text(s.id),
                first_missing: g.first_missing(),
                last_missing: g.last_missing(),
                from: TimeText::new(g.from),
                to: TimeText::new(g.to),
            }));
        self.unseen.clear();
        self.unseen.extend(call.unseen.iter().map(|u| {
            let by = set.party(u.named_by);
            UnseenJson {
                label: Cow::Borrowed(&u.label),
                role: u.role.as_str(),
                session: set
                    .session(u.session)
                    .map(|s| text(s.id))
                    .unwrap_or_default(),
                named_by: End {
                    session: by.map(|p| text(p.session_id)).unwrap_or_default(),
                    party: by.map(|p| text(p.id)).unwrap_or_default(),
                },
                at: TimeText::new(u.at),
                extension_id: opt_text(u.extension_id),
                number: opt_text(u.number),
                text: Cow::Owned(u.text(by.map_or("a party", |p| p.identity.label.as_str()))),
            }
        }));
    }
}
