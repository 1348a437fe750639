//! Strings kept once each, numbered in the order they first came: the text of all of them one
//! after the other, where each starts and ends, and a hash table of their numbers. A worker
//! numbers a batch's strings in one of these, and the store keeps the capture's in another,
//! taking each batch's strings with the hashes the worker already computed, so its
//! single-threaded part only probes.

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

/// The hash every table here uses.
pub fn hash(text: &str) -> u64 {
    FxBuildHasher.hash_one(text)
}

#[derive(Default)]
pub struct StringTable {
    text: String,
    spans: Vec<(u32, u32)>,
    table: HashTable<u32>,
}

impl StringTable {
    /// Room for `strings` strings of `bytes` bytes in all.
    pub fn with_capacity(strings: usize, bytes: usize) -> Self {
        Self {
            text: String::with_capacity(bytes),
            spans: Vec::with_capacity(strings),
            table: HashTable::with_capacity(strings),
        }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// String number `i` (empty for a number it never gave).
    pub fn get(&self, i: u32) -> &str {
        match self.spans.get(i as usize) {
            Some(&(start, end)) => self.text.get(start as usize..end as usize).unwrap_or(""),
            None => "",
        }
    }

    /// The strings in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len() as u32).map(|i| self.get(i))
    }

    /// The number of `text`, whose [`hash`] is `hash`, if it is here.
    pub fn find(&self, text: &str, hash: u64) -> Option<u32> {
        self.table.find(hash, |&i| self.get(i) == text).copied()
    }

    /// The number of `text`, whose [`hash`] is `hash`; added if new.
    pub fn intern(&mut self, text: &str, hash: u64) -> u32 {
        let (all, spans) = (&self.text, &self.spans);
        let at = |i: u32| {
            let (start, end) = spans[i as usize];
            all.get(start as usize..end as usize).unwrap_or("")
        };
        let entry = self
            .table
            .entry(hash, |&i| at(i) == text, |&i| self::hash(at(i)));
        match entry {
            hashbrown::hash_table::Entry::Occupied(e) => *e.get(),
            hashbrown::hash_table::Entry::Vacant(e) => {
                let index = u32::try_from(self.spans.len()).unwrap_or(u32::MAX);
                e.insert(index);
                let start = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
                self.text.push_str(text);
                let end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
                self.spans.push((start, end));
                index
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_kept_once_and_found_again() {
        let mut t = StringTable::default();
        let a = t.intern("s-1", hash("s-1"));
        let b = t.intern("p-1", hash("p-1"));
        assert_eq!(t.intern("s-1", hash("s-1")), a);
        assert_ne!(a, b);
        assert_eq!((t.get(a), t.get(b)), ("s-1", "p-1"));
        assert_eq!(t.find("p-1", hash("p-1")), Some(b));
        assert_eq!(t.find("p-2", hash("p-2")), None);
        assert_eq!(t.iter().collect::<Vec<_>>(), ["s-1", "p-1"]);
        // Growing keeps every number.
        for i in 0..10_000 {
            let s = format!("x{i}");
            t.intern(&s, hash(&s));
        }
        assert_eq!(t.find("s-1", hash("s-1")), Some(a));
        assert_eq!(t.get(t.find("x9999", hash("x9999")).unwrap()), "x9999");
        assert_eq!(t.len(), 10_002);
    }
}
