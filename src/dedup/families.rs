//! Families of duplicate passages: passages that are copies of one another, grouped by union-find
//! over reported pairs (two passages of one document that overlap are one passage).

use std::collections::HashMap;

/// A passage: a document and a character span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Passage {
    pub doc: i64,
    pub start: usize,
    pub end: usize,
}

fn find(parent: &mut [usize], x: usize) -> usize {
    let mut r = x;
    while parent[r] != r {
        r = parent[r];
    }
    let mut y = x;
    while parent[y] != r {
        let next = parent[y];
        parent[y] = r;
        y = next;
    }
    r
}

/// Groups the pairs into families. Returns, for each pair (same order), its family number, and
/// for each family its passages.
pub fn families(pairs: &[(Passage, Passage)]) -> (Vec<usize>, Vec<Vec<Passage>>) {
    let mut nodes: Vec<Passage> = Vec::new();
    let mut index: HashMap<Passage, usize> = HashMap::new();
    let mut id = |p: Passage, nodes: &mut Vec<Passage>| -> usize {
        *index.entry(p).or_insert_with(|| {
            nodes.push(p);
            nodes.len() - 1
        })
    };
    let ends: Vec<(usize, usize)> = pairs
        .iter()
        .map(|(a, b)| (id(*a, &mut nodes), id(*b, &mut nodes)))
        .collect();
    let mut parent: Vec<usize> = (0..nodes.len()).collect();
    let union = |parent: &mut [usize], x: usize, y: usize| {
        let (rx, ry) = (find(parent, x), find(parent, y));
        if rx != ry {
            parent[rx.max(ry)] = rx.min(ry);
        }
    };
    for &(a, b) in &ends {
        union(&mut parent, a, b);
    }
    // Overlapping passages of one document are the same passage.
    let mut by_doc: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, p) in nodes.iter().enumerate() {
        by_doc.entry(p.doc).or_default().push(i);
    }
    for list in by_doc.values_mut() {
        list.sort_by_key(|&i| nodes[i].start);
        for w in list.windows(2) {
            if nodes[w[1]].start < nodes[w[0]].end {
                union(&mut parent, w[0], w[1]);
            }
        }
    }
    let mut family_of_root: HashMap<usize, usize> = HashMap::new();
    let mut members: Vec<Vec<Passage>> = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        let r = find(&mut parent, i);
        let f = *family_of_root.entry(r).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[f].push(*node);
    }
    let pair_family = ends
        .iter()
        .map(|&(a, _)| family_of_root[&find(&mut parent, a)])
        .collect();
    (pair_family, members)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_of_copies_are_one_family() {
        let p = |doc, start, end| Passage { doc, start, end };
        let pairs = [
            (p(1, 0, 100), p(2, 10, 110)),
            (p(2, 20, 105), p(3, 0, 85)),
            (p(4, 0, 50), p(5, 0, 50)),
        ];
        let (f, members) = families(&pairs);
        assert_eq!(f[0], f[1]);
        assert_ne!(f[0], f[2]);
        assert_eq!(members.len(), 2);
    }
}
