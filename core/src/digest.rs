//! Deterministic content digests: every identifier in the simulator (layer diff IDs, image IDs,
//! container IDs, blob digests) is a sha256 of content, never random.

use sha2::{Digest as _, Sha256};

/// A sha256 digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Digest(pub [u8; 32]);

impl Digest {
    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Digest {
        Digest(Sha256::digest(bytes).into())
    }

    /// The digest of several parts, each length-prefixed so that `["ab","c"]` and `["a","bc"]` differ.
    pub fn of_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Digest {
        // The framed parts are hashed in one call: many small updates cost more than the copies.
        let mut bytes = Vec::with_capacity(256);
        for part in parts {
            bytes.extend_from_slice(&(part.len() as u64).to_le_bytes());
            bytes.extend_from_slice(part);
        }
        Digest::of(&bytes)
    }

    /// The 64 lowercase hex digits.
    pub fn hex(&self) -> String {
        let mut out = String::with_capacity(64);
        self.write_hex(&mut out, 32);
        out
    }

    /// Appends the lowercase hex digits of the first `bytes` bytes to `out`.
    fn write_hex(&self, out: &mut String, bytes: usize) {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        // Filled as bytes and appended at once: pushing 64 chars one by one costs several times more.
        let mut hex = [0u8; 64];
        for (pair, &byte) in hex.chunks_exact_mut(2).zip(&self.0[..bytes]) {
            pair[0] = DIGITS[usize::from(byte >> 4)];
            pair[1] = DIGITS[usize::from(byte & 0xf)];
        }
        out.push_str(std::str::from_utf8(&hex[..bytes * 2]).unwrap_or_default());
    }

    /// Appends `sha256:<64 hex>` to `out`.
    pub fn write_prefixed(&self, out: &mut String) {
        out.push_str("sha256:");
        self.write_hex(out, 32);
    }

    /// `sha256:<64 hex>`.
    pub fn prefixed(&self) -> String {
        let mut out = String::with_capacity(71);
        self.write_prefixed(&mut out);
        out
    }

    /// The first 12 hex digits, as Docker shows short IDs (S-FMT-1).
    pub fn short(&self) -> String {
        let mut out = String::with_capacity(12);
        self.write_hex(&mut out, 6);
        out
    }

    /// Parses 64 hex digits, with or without the `sha256:` prefix.
    pub fn parse(text: &str) -> Option<Digest> {
        let hex = text.strip_prefix("sha256:").unwrap_or(text);
        if hex.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, chunk) in hex.as_bytes().chunks(2).enumerate() {
            let hi = (chunk[0] as char).to_digit(16)?;
            let lo = (chunk[1] as char).to_digit(16)?;
            out[i] = (hi * 16 + lo) as u8;
        }
        Some(Digest(out))
    }
}

impl serde::Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.prefixed())
    }
}

impl<'de> serde::Deserialize<'de> for Digest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Digest, D::Error> {
        let text = String::deserialize(deserializer)?;
        Digest::parse(&text).ok_or_else(|| serde::de::Error::custom("invalid sha256 digest"))
    }
}

/// Whether `text` is a prefix of an ID's hex form that Docker would accept as a short ID.
pub fn matches_id_prefix(id: &Digest, text: &str) -> bool {
    let text = text.strip_prefix("sha256:").unwrap_or(text);
    !text.is_empty() && text.len() <= 64 && id.hex().starts_with(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip_and_short_form() {
        let d = Digest::of(b"layerlab");
        assert_eq!(Digest::parse(&d.prefixed()), Some(d));
        assert_eq!(d.short().len(), 12);
        assert!(matches_id_prefix(&d, &d.short()));
        assert!(!matches_id_prefix(&d, ""));
        assert_ne!(Digest::of_parts([&b"ab"[..], b"c"]), Digest::of_parts([&b"a"[..], b"bc"]));
    }
}
