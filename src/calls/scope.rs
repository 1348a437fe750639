//! Whose view a call is seen from. An extension-level subscription sees only that extension's
//! parties; but on an account-level one the `event` path of a party with an extension also names
//! `/extension/ID/` (reference §1), so one path decides nothing. The call's notifications are
//! weighed together: any account path, or parties of several extensions or of none, make it an
//! account-level view; only `/extension/X/` paths for parties all owned by X make it extension
//! X's view (partial: other parties and the call's whole length are not in it). Without any
//! `event` path the scope is unknown and nothing is claimed.

use super::{Call, CallSet};
use crate::store::{Store, Sym};
use std::borrow::Cow;

/// The scope a call was captured in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    /// No notification of the call has an `event` path.
    #[default]
    Unknown,
    /// Some notification came through the account's path, or the parties belong to several
    /// extensions or none.
    Account,
    /// Every notification came through `/extension/X/` and every party is X's.
    Extension(Sym),
}

impl Scope {
    /// Only part of the call can be in the capture.
    pub fn partial(self) -> bool {
        matches!(self, Scope::Extension(_))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Unknown => "unknown",
            Scope::Account => "account",
            Scope::Extension(_) => "extension",
        }
    }

    pub fn extension(self) -> Option<Sym> {
        match self {
            Scope::Extension(x) => Some(x),
            _ => None,
        }
    }
}

/// Decides the scope of `call` from all of its seen parties' notifications.
pub(super) fn scope_of(set: &CallSet, call: &Call) -> Scope {
    let seen = || {
        call.parties
            .iter()
            .filter_map(|&p| set.party(p))
            .filter(|p| p.seen())
    };
    if seen().any(|p| p.flags.path_account() || p.flags.path_other_extension()) {
        return Scope::Account;
    }
    if !seen().any(|p| p.flags.path_own_extension()) {
        return Scope::Unknown;
    }
    let mut owner: Option<Sym> = None;
    let mut without_path = false;
    for p in seen() {
        without_path |= !p.flags.path_own_extension();
        match (p.identity.extension_id, owner) {
            // Parties of no extension, or of several: more than one extension's view.
            (None, _) => return Scope::Account,
            (Some(x), Some(o)) if x != o => return Scope::Account,
            (Some(x), _) => owner = Some(x),
        }
    }
    match owner {
        // A party without any path among them: whose view it is cannot be told.
        Some(x) if !without_path => Scope::Extension(x),
        _ => Scope::Unknown,
    }
}

/// Who the extension of a view is, as people read it.
fn owner_label(store: &Store, set: &CallSet, call: &Call, ext: Sym) -> String {
    call.parties
        .iter()
        .filter_map(|&p| set.party(p))
        .find(|p| p.identity.extension_id == Some(ext))
        .map(|p| p.identity.label.clone())
        .unwrap_or_else(|| format!("extension (id {})", store.text(ext)))
}

/// The view in a sentence, with how it was decided.
pub fn view_label(store: &Store, set: &CallSet, call: &Call) -> Cow<'static, str> {
    match call.view {
        Scope::Unknown => Cow::Borrowed(
            "scope unknown: the notifications carry no `event` path, so whether other parties were left out cannot be told",
        ),
        Scope::Account => Cow::Borrowed(
            "account-level view: the notifications show parties beyond one extension's",
        ),
        Scope::Extension(x) => Cow::Owned(format!(
            "seen only from {}'s extension-level subscription (every notification came through /extension/{}/ and names only that extension's parties): the other parties, what they did and how long the call lasted for them are not in this capture",
            owner_label(store, set, call, x),
            store.text(x)
        )),
    }
}

/// A few words for the call list when the view is partial: "partial: Liam Chen's view".
pub fn view_short(store: &Store, set: &CallSet, call: &Call) -> Option<String> {
    let x = call.view.extension()?;
    Some(format!(
        "partial: {}'s view",
        owner_label(store, set, call, x)
    ))
}
