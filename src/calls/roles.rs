//! Who placed a call and who was called when the platform's technical direction says otherwise:
//! RingOut legs by their `ringOutRole` (§6.11: an `Initiator` reported `Inbound` is the user's
//! own outbound call, its `from`/`to` the wrong way round), the party a call switch moved to
//! (§6.8: reported `Outbound`, though nobody dialled), and the creation number in a party id
//! (`p-…-3` is the third party made in its session, §3), which survives lost events.

use super::{CallSet, PartyNode};
use crate::model::Direction;
use crate::store::{Endpoint, PartyState, Store};
use petgraph::graph::NodeIndex;

/// A party's `ringOutRole`, when its events carry one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RingOutRole {
    #[default]
    None,
    /// The user who asked for the RingOut: the platform rings this phone first.
    Initiator,
    /// The number the user wanted to reach.
    Target,
}

impl RingOutRole {
    pub fn parse(text: Option<&str>) -> Self {
        match text {
            Some(t) if t.eq_ignore_ascii_case("Initiator") => RingOutRole::Initiator,
            Some(t) if t.eq_ignore_ascii_case("Target") => RingOutRole::Target,
            _ => RingOutRole::None,
        }
    }

    /// The role of one event's party (most events carry none: no look-up then).
    pub fn of(store: &Store, party: &PartyState) -> Self {
        match store.extra(party) {
            Some(extra) => Self::parse(store.opt_text(extra.ring_out_role)),
            None => RingOutRole::None,
        }
    }

    /// The direction a person reads: the initiator placed the call, the target was called.
    pub fn direction(self, raw: Direction) -> Direction {
        match self {
            RingOutRole::Initiator => Direction::Outbound,
            RingOutRole::Target => Direction::Inbound,
            RingOutRole::None => raw,
        }
    }
}

/// A party state as a person reads it: an `Initiator` reported `Inbound` becomes `Outbound` with
/// `from`/`to` swapped (what RingCentral's own widgets do, `checkRingOutCallDirection`). A target
/// keeps its endpoints: whichever way it is reported, its `to` is the number called.
pub fn normalised(party: &PartyState, role: RingOutRole) -> Option<PartyState> {
    match (role, party.direction) {
        (RingOutRole::Initiator, Direction::Inbound) => {
            let mut p = party.clone();
            p.direction = Direction::Outbound;
            std::mem::swap(&mut p.from, &mut p.to);
            Some(p)
        }
        (RingOutRole::Target, Direction::Outbound) => {
            let mut p = party.clone();
            p.direction = Direction::Inbound;
            Some(p)
        }
        _ => None,
    }
}

/// The endpoint at the other end of a party's leg, read with its role.
pub fn far_end(party: &PartyState, role: RingOutRole) -> Endpoint {
    let p = normalised(party, role);
    *super::far_endpoint(p.as_ref().unwrap_or(party))
}

/// A session of origin `RingOut` whose events name no `ringOutRole`: its first-made party that
/// belongs to an extension is taken for the initiator and the others for targets. A guess, and
/// said so where it shows ([`roles_inferred`]).
pub(super) fn infer_ring_out(
    store: &Store,
    origin: Option<crate::store::Sym>,
    parties: &mut [PartyNode],
    ext_of: &[(Option<crate::store::Sym>, crate::store::EventId)],
) {
    if !store
        .opt_text(origin)
        .is_some_and(|o| o.eq_ignore_ascii_case("RingOut"))
    {
        return;
    }
    let initiator = parties
        .iter()
        .zip(ext_of)
        .enumerate()
        .filter(|(_, (_, (ext, _)))| ext.is_some())
        .min_by_key(|(_, (p, _))| (p.ordinal == 0, p.ordinal))
        .map(|(i, _)| i);
    let Some(initiator) = initiator else { return };
    for (i, p) in parties.iter_mut().enumerate() {
        p.ring_out = if i == initiator {
            RingOutRole::Initiator
        } else {
            RingOutRole::Target
        };
    }
}

/// Whether a RingOut party's role was inferred (none of its events names one).
pub fn roles_inferred(store: &Store, party: &PartyNode) -> bool {
    party.ring_out != RingOutRole::None
        && party
            .events
            .iter()
            .all(|&e| RingOutRole::of(store, &store.event(e).party) == RingOutRole::None)
}

/// The number of a party id: `p-<hex>-3` and `cs<digits>-3` are the session's third party
/// (0 when the id has no such number).
pub fn ordinal(id: &str) -> u32 {
    id.rsplit_once('-')
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(0)
}

/// A party's direction as a person reads it: its RingOut role first; a party a call switch
/// moved the call to takes the direction of the party it replaced (§6.8, the SDK's fix);
/// otherwise the direction of its first event.
pub fn direction(store: &Store, set: &CallSet, p: NodeIndex, party: &PartyNode) -> Direction {
    let (mut p, mut party) = (p, party);
    // Moves in a row lead back to the first leg (a bounded walk: links only go forward).
    for _ in 0..16 {
        let raw = party
            .events
            .first()
            .map_or(Direction::Unknown, |&e| store.event(e).party.direction);
        if party.ring_out != RingOutRole::None {
            return party.ring_out.direction(raw);
        }
        match super::moves::moved_from(set, p).and_then(|(f, _)| Some((f, set.party(f)?))) {
            Some((f, from)) => (p, party) = (f, from),
            None => return raw,
        }
    }
    Direction::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn party_ids_count_parties() {
        assert_eq!(ordinal("p-1124ecfb-3"), 3);
        assert_eq!(ordinal("cs171841903434018384-12"), 12);
        assert_eq!(ordinal("party"), 0);
    }

    #[test]
    fn roles_set_the_direction() {
        assert_eq!(
            RingOutRole::parse(Some("initiator")).direction(Direction::Inbound),
            Direction::Outbound
        );
        assert_eq!(
            RingOutRole::parse(Some("Target")).direction(Direction::Outbound),
            Direction::Inbound
        );
        assert_eq!(RingOutRole::parse(None), RingOutRole::None);
    }
}
