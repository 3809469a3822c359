//! Language of a document: Arabic, French, English or other, by whatlang (trigram and script
//! models, offline).

/// A detected language code (`ar`, `fr`, `en`, `other`) and whatlang's confidence.
pub fn detect(text: &str) -> (&'static str, Option<f64>) {
    // The first 4,000 characters decide: enough for whatlang's trigrams, and cheap on long pages.
    let sample: String = text.chars().take(4_000).collect();
    match whatlang::detect(&sample) {
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

/// Normalises a language given by a user (`ar`, `Arabic`, `arabe`, `العربية`, ...) to a stored code.
pub fn parse_language(s: &str) -> Option<&'static str> {
    match s.trim().to_lowercase().as_str() {
        "ar" | "ara" | "arabic" | "arabe" | "العربية" | "عربي" => Some("ar"),
        "fr" | "fra" | "fre" | "french" | "français" | "francais" | "الفرنسية" => Some("fr"),
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
        assert_eq!(detect("قال مصدر أمني جزائري مطلع إن التنسيق الأمني بين الجزائر والمغرب متواصل").0, "ar");
        assert_eq!(detect("La crise sur le dossier Sahara bat son plein, entre le Maroc et les Nations unies.").0, "fr");
        assert_eq!(detect("The crisis over the Sahara file is in full swing between Morocco and the United Nations.").0, "en");
        assert_eq!(detect("Der Bundestag hat heute über das neue Gesetz zur Energiewende abgestimmt.").0, "other");
    }
}
