//! The CSV export of `ktpocr scan` (`--format csv`, `--csv FILE`), for a back office: one row
//! per input with its path, the status and reason, the 20 field values in the order of
//! [`FIELD_NAMES`], and the warning codes.
//!
//! A value a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return: a card's text is the sender's to choose) is written with a leading `'`,
//! OWASP's advice for CSV injection; a lone `-`, which cards print for "none", is kept.

use ktp_ocr::format::native;
use ktp_ocr::ktp::FIELD_NAMES;
use ktp_ocr::{Error, KtpReading};

/// The header row.
pub fn header() -> Vec<String> {
    let mut h = vec!["input".to_string(), "status".into(), "reason".into()];
    h.extend(FIELD_NAMES.iter().map(|f| f.to_string()));
    h.push("warnings".into());
    h
}

/// The row of one input.
pub fn row(input: &str, result: &Result<KtpReading, Error>) -> Vec<String> {
    let mut r = vec![input.to_string()];
    match result {
        Ok(reading) => {
            r.push("OK".into());
            r.push(String::new());
            let values = reading.values();
            r.extend(
                FIELD_NAMES
                    .iter()
                    .map(|f| values.get(f).unwrap_or("").to_string()),
            );
            let codes: Vec<String> = reading
                .warnings
                .iter()
                .map(|w| match w.field {
                    Some(field) => format!("{}:{field}", w.code.as_str()),
                    None => w.code.as_str().to_string(),
                })
                .collect();
            r.push(codes.join(";"));
        }
        Err(e) => {
            let answer = native::error(e, String::new());
            r.push(answer.status.into());
            r.push(answer.reason);
            r.extend(FIELD_NAMES.iter().map(|_| String::new()));
            r.push(String::new());
        }
    }
    r.into_iter().map(|v| defused(&v)).collect()
}

/// `v`, with a leading `'` when a spreadsheet would take it for a formula.
pub fn defused(v: &str) -> String {
    let risky = matches!(
        v.as_bytes(),
        [b'=' | b'+' | b'@' | b'\t' | b'\r', ..] | [b'-', _, ..]
    );
    if risky {
        format!("'{v}")
    } else {
        v.to_string()
    }
}

/// A CSV writer over `out` with the header written.
pub fn writer<W: std::io::Write>(out: W) -> csv::Result<csv::Writer<W>> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header())?;
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_plain_values_kept() {
        assert_eq!(defused("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defused("+62"), "'+62");
        assert_eq!(defused("-1+2"), "'-1+2");
        assert_eq!(defused("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defused("-"), "-");
        assert_eq!(defused("BUDI SANTOSO"), "BUDI SANTOSO");
        assert_eq!(defused(""), "");
    }

    #[test]
    fn an_error_row_has_every_column() {
        let e = Error::DetectionFailed("no identity card found".into());
        let r = row("cards/x.jpg", &Err(e));
        assert_eq!(r.len(), header().len());
        assert_eq!(r[0], "cards/x.jpg");
        assert_eq!(r[1], "DETECTION_FAILED");
        assert!(r[2].contains("no identity card"));
    }
}
