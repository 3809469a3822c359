//! Language of a document: Arabic, French, English or other, by whatlang (trigram and script
//! models, offline).

/// A detected language code (`ar`, `fr`, `en`, `other`) and a confidence.
///
/// Arabic-script text without the letters proper to Persian, Urdu and their neighbours is Arabic
/// (confidence 1.0, no model needed); everything else goes to whatlang, on the first 800
/// characters, which is plenty for its trigram model and keeps ingest fast on long pages.
pub fn detect(text: &str) -> (&'static str, Option<f64>) {
    let mut letters = 0usize;
    let mut arabic = 0usize;
    let mut non_arabic_language = 0usize;
    for c in text.chars().take(3_000) {
        let is_arabic =
            ('\u{0621}'..='\u{064A}').contains(&c) || ('\u{066E}'..='\u{06FF}').contains(&c);
        if !(is_arabic || c.is_ascii_alphabetic() || (!c.is_ascii() && c.is_alphabetic())) {
            continue;
        }
        letters += 1;
        if is_arabic {
            arabic += 1;
            // پ چ ژ گ ک ی ٹ ڈ ڑ ں ے ۃ: Persian and Urdu letters that Arabic does not use.
            if matches!(
                c,
                'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی' | 'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ے' | 'ۃ'
            ) {
                non_arabic_language += 1;
            }
        }
    }
    if letters > 0 && arabic * 10 >= letters * 7 && non_arabic_language * 50 < arabic {
        return ("ar", Some(1.0));
    }
    let sample: String = text.chars().take(800).collect();
    match detector().detect(&sample) {
        Some(info) => {
            let code = match info.lang() {
                whatlang::Lang::Ara => "ar",
                whatlang::Lang::Fra => "fr",
                whatlang::Lang::Eng => "en",
                _ => "other",
            };
            (code, Some((info.confidence() * 1000.0).round() / 1000.0))
        }
        None => ("other", None),
    }
}

/// whatlang restricted to the Arabic-script languages and the Latin-script languages most often met
/// beside French and English: scoring a dozen trigram models instead of seventy is what keeps
/// detection from dominating ingest time, and a text in any of the others is still "other".
fn detector() -> &'static whatlang::Detector {
    use whatlang::Lang::*;
    static DETECTOR: std::sync::OnceLock<whatlang::Detector> = std::sync::OnceLock::new();
    DETECTOR.get_or_init(|| {
        whatlang::Detector::with_allowlist(vec![
            Ara, Pes, Urd, Eng, Fra, Spa, Por, Ita, Deu, Nld, Tur, Pol, Ron, Ind, Swe,
        ])
    })
}

/// Normalises a language given by a user (`ar`, `Arabic`, `arabe`, `العربية`, ...) to a stored code.
pub fn parse_language(s: &str) -> Option<&'static str> {
    match s.trim().to_lowercase().as_str() {
        "ar" | "ara" | "arabic" | "arabe" | "العربية" | "عربي" => Some("ar"),
        "fr" | "fra" | "fre" | "french" | "français" | "francais" | "الفرنسية" => {
            Some("fr")
        }
        "en" | "eng" | "english" | "anglais" | "الإنجليزية" => Some("en"),
        "other" | "und" => Some("other"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_languages() {
        assert_eq!(
            detect("قال مصدر أمني جزائري مطلع إن التنسيق الأمني بين الجزائر والمغرب متواصل").0,
            "ar"
        );
        assert_eq!(detect("La crise sur le dossier Sahara bat son plein, entre le Maroc et les Nations unies.").0, "fr");
        assert_eq!(detect("The crisis over the Sahara file is in full swing between Morocco and the United Nations.").0, "en");
        assert_eq!(
            detect(
                "این یک متن فارسی است که برای آزمایش تشخیص زبان نوشته شده است و باید دیگر باشد."
            )
            .0,
            "other"
        );
        assert_eq!(
            detect("Der Bundestag hat heute über das neue Gesetz zur Energiewende abgestimmt.").0,
            "other"
        );
    }
}
