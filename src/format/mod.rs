//! Output schemas: the native result and the two cloud APIs ktp-ocr is a drop-in for.

pub mod accuauth;
pub mod native;
pub mod parse_back;
pub mod tencent;

use rand::Rng;

/// The reason of an error as the answers give it: one line, each whitespace run (a
/// decoder's newline or indentation included) one space, none leading or trailing.
pub fn reason(e: &crate::Error) -> String {
    e.to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Which schema to answer in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Native,
    Accuauth,
    Tencent,
}

/// A fresh request id: `TID` + 32 hex digits, the form the `/ocr/idcard` API uses.
pub fn new_request_id() -> String {
    let n: u128 = rand::thread_rng().gen();
    format!("TID{n:032x}")
}

/// The `-` separated id Tencent Cloud returns (8-4-4-4-12 hex digits).
pub fn new_tencent_request_id() -> String {
    let n: u128 = rand::thread_rng().gen();
    let h = format!("{n:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

#[cfg(test)]
mod tests {
    use crate::Error;

    #[test]
    fn reasons_are_one_line_in_every_schema() {
        let e = Error::DecodeFailed("bad chunk:\n    CRC mismatch,\n\n".into());
        let clean = "image decode failed: bad chunk: CRC mismatch,";
        assert_eq!(super::reason(&e), clean);
        assert_eq!(super::accuauth::error(&e, String::new()).reason, clean);
        assert_eq!(super::native::error(&e, String::new()).reason, clean);
        let t = super::tencent::error(&e, String::new());
        assert_eq!(t.response.error.message, clean);
    }
}
