//! [`AppendOnly`]: a vector that many snapshots share, for the timeline's events and log.
//!
//! The reducer clones the state on every action, and a build's timeline grows by one event at a
//! time, so a plain `Vec` would be copied whole on every step (`Rc::make_mut` on a shared timeline),
//! and comparing two timelines for Yew's props would walk every event. Here each snapshot holds the
//! shared storage and its own length: pushing onto the newest snapshot appends in place, an older
//! snapshot still sees only its first `len` items, and a push from an older snapshot (a fork) copies
//! its prefix first. Equality is by length first, then by identity, so comparing snapshots is O(1)
//! in the usual case.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

/// A shared, append-only sequence; see the module docs.
#[derive(Debug)]
pub struct AppendOnly<T> {
    shared: Rc<RefCell<Vec<T>>>,
    len: usize,
}

impl<T> Default for AppendOnly<T> {
    fn default() -> AppendOnly<T> {
        AppendOnly { shared: Rc::default(), len: 0 }
    }
}

impl<T> Clone for AppendOnly<T> {
    fn clone(&self) -> AppendOnly<T> {
        AppendOnly { shared: self.shared.clone(), len: self.len }
    }
}

impl<T: Clone> AppendOnly<T> {
    /// Appends an item to this snapshot.
    pub fn push(&mut self, item: T) {
        if self.shared.borrow().len() != self.len {
            let prefix = self.shared.borrow()[..self.len].to_vec();
            self.shared = Rc::new(RefCell::new(prefix));
        }
        self.shared.borrow_mut().push(item);
        self.len += 1;
    }
}

impl<T> AppendOnly<T> {
    /// The number of items in this snapshot.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether this snapshot is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// This snapshot's items. Drop the guard before pushing.
    pub fn items(&self) -> Ref<'_, [T]> {
        Ref::map(self.shared.borrow(), |items| &items[..self.len])
    }
}

impl<T: PartialEq> PartialEq for AppendOnly<T> {
    fn eq(&self, other: &AppendOnly<T>) -> bool {
        self.len == other.len && (Rc::ptr_eq(&self.shared, &other.shared) || *self.items() == *other.items())
    }
}

impl<T: Eq> Eq for AppendOnly<T> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshots_keep_their_own_length_and_forks_copy_their_prefix() {
        let mut newest = AppendOnly::default();
        newest.push(1);
        let mut old = newest.clone();
        newest.push(2);
        assert_eq!((&*old.items(), &*newest.items()), (&[1][..], &[1, 2][..]));
        assert_ne!(old, newest);
        old.push(3);
        assert_eq!((&*old.items(), &*newest.items()), (&[1, 3][..], &[1, 2][..]));
        let same = newest.clone();
        assert_eq!(same, newest);
        assert!(Rc::ptr_eq(&same.shared, &newest.shared), "pushing on the newest snapshot never copies");
    }
}
