//! Decoding: original bytes -> text, with the encoding recorded.
//!
//! Order: a byte-order mark (UTF-8, UTF-16LE, UTF-16BE) wins; then valid UTF-8; then a guess by
//! chardetng among the legacy encodings (Windows-1256, ISO-8859-6, Windows-1252, ...). Bytes that
//! are binary (NUL bytes, known file signatures), broken UTF-8, or decode to control characters are
//! refused with a reason. The decoded text keeps every character (a UTF-8 BOM is not part of it).

use encoding_rs::Encoding;

/// How the encoding was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingSource {
    Bom,
    Utf8,
    Detected,
}

impl EncodingSource {
    /// The value stored in `documents.encoding_source`.
    pub fn as_str(self) -> &'static str {
        match self {
            EncodingSource::Bom => "bom",
            EncodingSource::Utf8 => "utf8",
            EncodingSource::Detected => "detected",
        }
    }
}

/// Decoded text and how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    pub source: EncodingSource,
    /// Undecodable byte sequences replaced by U+FFFD ([`decode_lossy`] only): byte offset in the
    /// original and length.
    pub replaced: Vec<(usize, usize)>,
}

const SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\0", "a SQLite database"),
    (b"RIFF", "a RIFF media file"),
];

/// Decodes `bytes`, or says why they are not text in a supported encoding.
///
/// `hint` is an encoding named by the document itself (an HTML `<meta charset>`), used only when
/// there is no BOM and the bytes are not valid UTF-8.
pub fn decode(bytes: &[u8], hint: Option<&'static Encoding>) -> Result<Decoded, String> {
    if bytes.is_empty() {
        return Err("empty file".into());
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(format!(
                "undecodable bytes: the file starts with a {} byte-order mark but is not valid {}",
                enc.name(),
                enc.name()
            ));
        }
        let text = text.into_owned();
        check_text(&text)?;
        return Ok(Decoded {
            text,
            encoding: enc.name(),
            source: EncodingSource::Bom,
            replaced: Vec::new(),
        });
    }
    for (sig, what) in SIGNATURES {
        if bytes.starts_with(sig) {
            return Err(format!("binary file: looks like {what}, not text"));
        }
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(format!(
            "binary file: NUL byte at offset {pos} (UTF-16 text needs a byte-order mark)"
        ));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        check_text(text)?;
        return Ok(Decoded {
            text: text.to_string(),
            encoding: "UTF-8",
            source: EncodingSource::Utf8,
            replaced: Vec::new(),
        });
    }
    // Mostly valid multi-byte UTF-8 with a few bad sequences is damaged UTF-8, not a legacy
    // encoding: decoding it as Windows-1252 would silently turn it into mojibake.
    let (valid_multibyte, invalid, first_invalid) = utf8_profile(bytes);
    if valid_multibyte > 0 && valid_multibyte >= 4 * invalid {
        return Err(format!(
            "undecodable bytes: invalid UTF-8 at byte offset {first_invalid} in text that is \
             otherwise UTF-8 ({invalid} bad sequence(s))"
        ));
    }
    let enc = legacy_encoding(bytes, hint);
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(format!(
            "undecodable bytes: not valid UTF-8 and not valid {} (the best guess)",
            enc.name()
        ));
    }
    let text = text.into_owned();
    check_text(&text)?;
    Ok(Decoded {
        text,
        encoding: enc.name(),
        source: EncodingSource::Detected,
        replaced: Vec::new(),
    })
}

/// [`decode`], except that a text with undecodable byte sequences is kept: each sequence becomes
/// U+FFFD and its place (byte offset, length) is recorded in [`Decoded::replaced`]. Binary files,
/// empty files and text that is mostly undecodable are still refused.
pub fn decode_lossy(bytes: &[u8], hint: Option<&'static Encoding>) -> Result<Decoded, String> {
    // A few NUL bytes in text (a damaged copy) are bad bytes like others; many make it binary.
    let nuls = bytes.iter().filter(|&&b| b == 0).count();
    let stray_nuls = nuls > 0 && nuls * 100 <= bytes.len() && Encoding::for_bom(bytes).is_none();
    let err = match decode(bytes, hint) {
        Ok(d) => return Ok(d),
        Err(e) if e.starts_with("undecodable bytes") => e,
        Err(e) if stray_nuls && e.starts_with("binary file: NUL") => e,
        Err(e) => return Err(e),
    };
    let (enc, skip, source) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        (enc, bom_len, EncodingSource::Bom)
    } else {
        let (valid_multibyte, invalid, _) = utf8_profile(bytes);
        if valid_multibyte >= 4 * invalid {
            (encoding_rs::UTF_8, 0, EncodingSource::Utf8)
        } else {
            (legacy_encoding(bytes, hint), 0, EncodingSource::Detected)
        }
    };
    let (mut text, mut replaced) = replace_malformed(enc, &bytes[skip..], skip);
    if stray_nuls {
        text = text.replace('\0', "\u{FFFD}");
        replaced.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, &b)| b == 0)
                .map(|(i, _)| (i, 1)),
        );
        replaced.sort_unstable();
    }
    check_text(&text).map_err(|e| format!("{e} (even with --lossy; without it: {err})"))?;
    Ok(Decoded {
        text,
        encoding: enc.name(),
        source,
        replaced,
    })
}

/// `bytes` decoded as `enc`, each malformed sequence replaced by U+FFFD, with the places replaced
/// (offsets shifted by `base`, the length of a byte-order mark).
fn replace_malformed(
    enc: &'static Encoding,
    bytes: &[u8],
    base: usize,
) -> (String, Vec<(usize, usize)>) {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut replaced = Vec::new();
    let mut read_total = 0;
    loop {
        let need = decoder
            .max_utf8_buffer_length_without_replacement(bytes.len() - read_total)
            .unwrap_or(bytes.len() * 3 + 16);
        text.reserve(need);
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[read_total..], &mut text, true);
        read_total += read;
        match result {
            encoding_rs::DecoderResult::InputEmpty => break,
            encoding_rs::DecoderResult::OutputFull => continue,
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                let end = read_total - after as usize;
                let start = end.saturating_sub(bad as usize);
                replaced.push((base + start, end - start));
                text.push('\u{FFFD}');
            }
        }
    }
    (text, replaced)
}

/// The encoding of bytes that are not UTF-8: the page's own declaration, else chardetng's guess.
fn legacy_encoding(bytes: &[u8], hint: Option<&'static Encoding>) -> &'static Encoding {
    match hint {
        Some(h) if h != encoding_rs::UTF_8 => h,
        _ => {
            let mut det = chardetng::EncodingDetector::new();
            det.feed(bytes, true);
            det.guess(None, false)
        }
    }
}

/// Counts valid multi-byte characters and invalid sequences; returns the first invalid offset.
fn utf8_profile(bytes: &[u8]) -> (usize, usize, usize) {
    let mut valid_multibyte = 0;
    let mut invalid = 0;
    let mut first_invalid = usize::MAX;
    let mut offset = 0;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        offset += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            invalid += 1;
            first_invalid = first_invalid.min(offset);
            offset += chunk.invalid().len();
        }
    }
    (valid_multibyte, invalid, first_invalid)
}

/// Refuses text that is mostly control characters (binary data that happened to decode).
fn check_text(text: &str) -> Result<(), String> {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) || c == '\u{fffd}' {
            control += 1;
        }
    }
    if text.trim().is_empty() {
        return Err("empty file (only white space)".into());
    }
    if control * 20 > total {
        return Err(format!(
            "undecodable bytes: {control} of {total} characters are control characters; \
             this is not text in a supported encoding"
        ));
    }
    // A page of zero-width and combining characters only has nothing to read (and no language):
    // Arabic vowel marks count as alphabetic in Unicode, so a mark is not a letter here.
    if !text
        .chars()
        .any(|c| c.is_alphanumeric() && !unicode_normalization::char::is_combining_mark(c))
    {
        return Err("no visible text: only invisible, combining or punctuation characters".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_marks_and_invisible_characters_has_no_text() {
        // Arabic vowel marks (alphabetic in Unicode), shadda, an acute accent, zero-width
        // characters: nothing a reader sees, and no language to detect.
        let marks = "\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}\u{0301}\u{0651}\u{064b}".repeat(50);
        let e = decode(marks.as_bytes(), None).unwrap_err();
        assert!(e.contains("no visible text"), "{e}");
        // One letter among them is a page.
        assert!(decode(format!("{marks}ب").as_bytes(), None).is_ok());
    }

    #[test]
    fn lossy_keeps_damaged_text_and_says_where() {
        let mut b = "Le ministre a déclaré hier que l'accord tient. "
            .repeat(20)
            .into_bytes();
        b.insert(100, 0xff);
        b.insert(200, 0xc3); // a lead byte without its continuation
        assert!(decode(&b, None).is_err());
        let d = decode_lossy(&b, None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.replaced, vec![(100, 1), (200, 1)]);
        assert_eq!(d.text.matches('\u{FFFD}').count(), 2);
        // Everything else is the text as written.
        assert_eq!(
            d.text.replace('\u{FFFD}', ""),
            String::from_utf8_lossy(&{
                let mut c = b.clone();
                c.remove(200);
                c.remove(100);
                c
            })
        );
        // Binary input is still refused; a stray NUL in a long text is a bad byte like others.
        assert!(decode_lossy(b"abc\0def", None).is_err());
        let mut n = b.clone();
        n.insert(500, 0);
        let d = decode_lossy(&n, None).unwrap();
        assert!(d.replaced.contains(&(500, 1)) && !d.text.contains('\0'));
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("مرحبا".as_bytes(), None).unwrap();
        assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Utf8));
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("مرحبا".as_bytes());
        let d = decode(&b, None).unwrap();
        assert_eq!(d.text, "مرحبا");
        assert_eq!(d.source, EncodingSource::Bom);
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "Selon l'AFP".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&b, None).unwrap();
        assert_eq!(d.text, "Selon l'AFP");
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn windows_1256_arabic() {
        let text = "قال مصدر أمني جزائري مطلع إن التنسيق الأمني بين الجزائر والمغرب متواصل منذ أكثر من عشر سنوات";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.source, EncodingSource::Detected);
    }

    #[test]
    fn windows_1252_french() {
        let text = "L'Algérie aurait encouragé AQMI à attaquer les intérêts marocains, selon des sources très sensibles du renseignement français.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, text);
    }

    #[test]
    fn binary_and_broken() {
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0", None)
            .unwrap_err()
            .contains("PNG"));
        assert!(decode(b"abc\0def", None).unwrap_err().contains("NUL"));
        let mut b = "café à Gao, déjà là".as_bytes().to_vec();
        b.extend_from_slice(b" \xc3\x28 fin");
        assert!(decode(&b, None).unwrap_err().contains("invalid UTF-8"));
        assert!(decode(b"", None).unwrap_err().contains("empty"));
        // Zero-width spaces and combining accents only.
        let invisible = "\u{200b}\u{200c}\u{301}\u{302}\u{200b}".as_bytes();
        assert!(decode(invisible, None)
            .unwrap_err()
            .contains("no visible text"));
        let ctl: Vec<u8> = (1u8..9).cycle().take(400).collect();
        assert!(decode(&ctl, None).unwrap_err().contains("control"));
    }
}
