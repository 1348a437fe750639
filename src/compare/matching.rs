//! Pairs the legs of two calls: the caller with the caller, the n-th stop of the caller's path
//! with the n-th, supervisors in order; the other legs inside paired sessions by the same number
//! first, then in the order they appeared. What is left is a leg one call has and the other
//! does not.

use super::legs::{Leg, LegRole};

/// Two legs taken to play the same part (indices into each call's legs), or a leg of one call
/// only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub a: Option<usize>,
    pub b: Option<usize>,
}

/// Pairs sessions by order among ordinary sessions and among conference bridges:
/// `map[i]` is the session of `b` paired with session `i` of `a`.
pub fn pair_sessions(a: &[bool], b: &[bool]) -> Vec<Option<usize>> {
    let mut map = vec![None; a.len()];
    for bridge in [false, true] {
        let bs: Vec<usize> = (0..b.len()).filter(|&j| b[j] == bridge).collect();
        for (k, i) in (0..a.len()).filter(|&i| a[i] == bridge).enumerate() {
            map[i] = bs.get(k).copied();
        }
    }
    map
}

/// Session kinds (bridge or not) of a call's legs, by session index.
pub fn session_kinds(legs: &[Leg], sessions: usize) -> Vec<bool> {
    let mut kinds = vec![false; sessions];
    for l in legs {
        if let Some(k) = kinds.get_mut(l.session) {
            *k |= l.bridge;
        }
    }
    kinds
}

/// Every leg of `a` and `b` exactly once: paired, or alone.
pub fn pair_legs(a: &[Leg], b: &[Leg], sessions: &[Option<usize>]) -> Vec<Pair> {
    let mut used_b = vec![false; b.len()];
    let mut pairs: Vec<Pair> = Vec::with_capacity(a.len().max(b.len()));
    let mut done_a = vec![false; a.len()];
    // The caller and the path's stops are matched on their role, wherever their session is.
    for (i, la) in a.iter().enumerate() {
        if !matches!(la.role, LegRole::Caller | LegRole::Stop(_)) {
            continue;
        }
        if let Some(j) = (0..b.len()).find(|&j| !used_b[j] && b[j].role == la.role) {
            used_b[j] = true;
            done_a[i] = true;
            pairs.push(Pair {
                a: Some(i),
                b: Some(j),
            });
        }
    }
    // The others: same kind of role in the paired session, same number first, then in order.
    for same_number in [true, false] {
        for (i, la) in a.iter().enumerate() {
            if done_a[i] || matches!(la.role, LegRole::Caller | LegRole::Stop(_)) {
                continue;
            }
            let Some(Some(sb)) = sessions.get(la.session) else {
                continue;
            };
            let found = (0..b.len()).find(|&j| {
                let lb = &b[j];
                !used_b[j]
                    && lb.session == *sb
                    && lb.role == la.role
                    && (!same_number || (la.number.is_some() && la.number == lb.number))
            });
            if let Some(j) = found {
                used_b[j] = true;
                done_a[i] = true;
                pairs.push(Pair {
                    a: Some(i),
                    b: Some(j),
                });
            }
        }
    }
    for (i, done) in done_a.iter().enumerate() {
        if !done {
            pairs.push(Pair {
                a: Some(i),
                b: None,
            });
        }
    }
    for (j, used) in used_b.iter().enumerate() {
        if !used {
            pairs.push(Pair {
                a: None,
                b: Some(j),
            });
        }
    }
    // In the order of the first call's legs, then the second's extra legs.
    pairs.sort_by_key(|p| (p.a.is_none(), p.a.unwrap_or(usize::MAX), p.b));
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bridges_pair_with_bridges() {
        let map = pair_sessions(&[false, false, true], &[false, true]);
        assert_eq!(map, vec![Some(0), None, Some(1)]);
    }
}
