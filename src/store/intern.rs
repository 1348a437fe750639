//! The capture's strings, each kept once. Workers number a batch's strings themselves
//! ([`super::Batch`]); only each batch's distinct strings come here, with their hashes.

use super::Sym;
use super::strings::{StringTable, hash};

#[derive(Default)]
pub struct Interner(StringTable);

impl Interner {
    /// Room for about `strings` strings of `bytes` bytes in all.
    pub fn with_capacity(strings: usize, bytes: usize) -> Self {
        Self(StringTable::with_capacity(strings, bytes))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn resolve(&self, sym: Sym) -> &str {
        self.0.get(sym.index())
    }

    pub fn get(&self, text: &str) -> Option<Sym> {
        self.0.find(text, hash(text)).map(Sym::from_index)
    }

    /// The symbol of `text`, whose hash is `hash`.
    pub fn intern(&mut self, text: &str, hash: u64) -> Sym {
        Sym::from_index(self.0.intern(text, hash))
    }
}
