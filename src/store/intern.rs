//! The capture's strings, each kept once: a single-threaded `Rodeo` (resolving is an index, not a
//! hash lookup, and it is smaller than lasso's threaded one). Workers number a batch's strings
//! themselves ([`super::Batch`]); only each batch's distinct strings come here.

use super::Sym;
use lasso::{Rodeo, Spur};
use rustc_hash::FxBuildHasher;

pub struct Interner(Rodeo<Spur, FxBuildHasher>);

impl Default for Interner {
    fn default() -> Self {
        Self(Rodeo::with_hasher(FxBuildHasher))
    }
}

impl Interner {
    pub fn resolve(&self, sym: Sym) -> &str {
        self.0.resolve(&sym)
    }

    pub fn get(&self, text: &str) -> Option<Sym> {
        self.0.get(text)
    }

    pub fn intern(&mut self, text: &str) -> Sym {
        self.0.get_or_intern(text)
    }
}
