//! The kinds of finding, each an enum with one list of names: the stages produce them, the store
//! writes their names, the command line and the gold reader take their names, and a test holds the
//! JSON Schema to the same lists.

/// Defines an enum whose variants each have one name, with `ALL`, `NAMES`, [`name`] and
/// [`from_name`], and serialises it as its name.
macro_rules! named_enum {
    ($(#[$doc:meta])* $ty:ident { $($(#[$vdoc:meta])* $variant:ident = $name:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $ty {
            $($(#[$vdoc])* $variant),+
        }

        impl $ty {
            /// Every value, in the order of the list.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];
            /// Every name, in the same order.
            pub const NAMES: &'static [&'static str] = &[$($name),+];

            /// The name stored, printed and read (`shared_source`, `hedging`, ...).
            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }

            /// The value with this name, if any.
            pub fn from_name(name: &str) -> Option<$ty> {
                match name {
                    $($name => Some($ty::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }
    };
}

named_enum!(
    /// What differs between the two sides of an aligned claim pair.
    DivergenceKind {
        /// A date differs, or is given on one side only.
        Date = "date",
        /// A number differs.
        Number = "number",
        /// A different person or organisation.
        Name = "name",
        /// The same name spelt differently (not a gold type: a gold file may not use it).
        Spelling = "spelling",
        /// A different place.
        Place = "place",
        /// One side credits a source and the other does not, or they credit different ones.
        Attribution = "attribution",
        /// One side hedges what the other states flatly.
        Hedging = "hedging",
        /// Quoted on one side only, or the quoted words differ.
        Quote = "quote",
        /// One side negates what the other asserts.
        Negation = "negation",
        /// Side a carries material side b lacks.
        Omission = "omission",
        /// Side b carries material side a lacks.
        Addition = "addition",
    }
);

named_enum!(
    /// How a page took its text or facts from a source (a sourcing-chain edge).
    EdgeRelation {
        /// It translates the source.
        Translation = "translation",
        /// It copies the source nearly verbatim.
        Repost = "repost",
        /// It rewrites or abridges the source.
        Adaptation = "adaptation",
        /// It quotes speech or a statement made in the source.
        Quotation = "quotation",
        /// It and the other page took the same source (undirected).
        SharedSource = "shared_source",
    }
);

named_enum!(
    /// An inconsistency inside a page or across pages.
    InconsistencyKind {
        /// A weekday that does not fit its date.
        Weekday = "weekday",
        /// A relative date that another date puts in another year.
        StaleDate = "stale_date",
        /// An elapsed time that contradicts the dates of its event.
        Duration = "duration",
        /// A page dated before an event it tells as past.
        DateOrder = "date_order",
        /// A date after the page date, told as past.
        FutureDate = "future_date",
        /// A date that does not exist.
        InvalidDate = "invalid_date",
    }
);

impl InconsistencyKind {
    /// The kinds found across pages (from aligned claims), redone with the corpus stages; the
    /// others are found inside one page by the text layer.
    pub const CROSS_PAGE: &'static [InconsistencyKind] =
        &[InconsistencyKind::StaleDate, InconsistencyKind::DateOrder];
}

named_enum!(
    /// A sourcing cue extracted from a claim.
    CueKind {
        /// A phrase that credits a source.
        Attribution = "attribution",
        /// A hedge (conditional, "reportedly").
        Hedging = "hedging",
        /// An unnamed source.
        AnonymousSource = "anonymous_source",
        /// A URL given as a source.
        SourceUrl = "source_url",
        /// A diplomatic cable's id.
        CableId = "cable_id",
        /// Another document's id.
        DocumentId = "document_id",
        /// An "adapted from" credit.
        AdaptedFrom = "adapted_from",
        /// A quotation.
        Quote = "quote",
    }
);

named_enum!(
    /// What the text layer extracts from a claim.
    ItemCategory {
        /// A date or time.
        Date = "date",
        /// A number.
        Number = "number",
        /// A person, place or organisation.
        Name = "name",
        /// A sourcing cue.
        Cue = "cue",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for k in DivergenceKind::ALL {
            assert_eq!(DivergenceKind::from_name(k.name()), Some(*k));
        }
        for k in EdgeRelation::ALL {
            assert_eq!(EdgeRelation::from_name(k.name()), Some(*k));
        }
        assert_eq!(DivergenceKind::NAMES.len(), DivergenceKind::ALL.len());
        let mut names = DivergenceKind::NAMES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), DivergenceKind::ALL.len());
        assert_eq!(EdgeRelation::from_name("copy"), None);
        assert_eq!(
            serde_json::to_string(&EdgeRelation::SharedSource).unwrap(),
            "\"shared_source\""
        );
    }
}
