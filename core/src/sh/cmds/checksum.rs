//! `sha256sum` and `md5sum` (GNU coreutils and BusyBox): the digest of each file or of stdin, and
//! `-c` to check a list of them, as Dockerfiles do after a download.
//!
//! Text and bytes get their real digests, so `echo hello | sha256sum` prints what a real container
//! prints. A synthetic blob (a simulated download) has no bytes; its digest is derived from its size
//! and seed, stable from run to run, so a checksum pasted from a project's release page does not
//! match it, just as it would not match a different file.

use sha2::{Digest, Sha256};

use crate::fs::Content;
use crate::sh::machine::{Ctrl, Machine};
use crate::sh::programs::Proc;

/// Runs `sha256sum` or `md5sum`.
pub(crate) fn run(m: &mut Machine, name: &str, p: &mut Proc) -> Result<i32, Ctrl> {
    let (flags, files) = super::split_flags(p.args());
    if flags.contains('c') {
        return Ok(check(m, name, p, &files));
    }
    let files = if files.is_empty() { vec!["-".to_string()] } else { files };
    let mut status = 0;
    for file in &files {
        m.tick()?;
        match digest_of(m, name, p, file) {
            Some(hex) => p.out(m, &format!("{hex}  {file}")),
            None => status = 1,
        }
    }
    Ok(status)
}

/// The hex digest of `file` (`-` is stdin); `None` after reporting a file that cannot be read.
fn digest_of(m: &mut Machine, name: &str, p: &Proc, file: &str) -> Option<String> {
    let content = if file == "-" {
        Content::text(&p.io.read_all())
    } else {
        match m.fs.read_file(&p.path(file)) {
            Ok(content) => content,
            Err(error) => {
                p.err(m, &super::open_error(p, name, file, &error));
                return None;
            }
        }
    };
    let bytes: Vec<u8> = match &content {
        Content::Bytes(bytes) => bytes.to_vec(),
        Content::Synthetic { .. } => content.digest().to_vec(),
    };
    m.note_work(bytes.len() as u64 / 64);
    Some(if name == "md5sum" { hex(&md5(&bytes)) } else { hex(&Sha256::digest(&bytes)) })
}

/// `-c`: each `DIGEST  FILE` line of the lists is checked; one line per file, then a warning
/// counting the mismatches.
fn check(m: &mut Machine, name: &str, p: &Proc, lists: &[String]) -> i32 {
    let (text, mut status) = super::read_inputs(m, p, name, lists);
    let mut failed = 0;
    let mut unreadable = 0;
    let mut total = 0;
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let Some((expected, file)) = line.split_once(' ') else { continue };
        let file = file.trim_start_matches([' ', '*']);
        total += 1;
        match digest_of(m, name, p, file) {
            Some(actual) if actual.eq_ignore_ascii_case(expected) => p.out(m, &format!("{file}: OK")),
            Some(_) => {
                failed += 1;
                p.out(m, &format!("{file}: FAILED"));
            }
            None => {
                unreadable += 1;
                if !p.busybox {
                    p.out(m, &format!("{file}: FAILED open or read"));
                }
            }
        }
    }
    if p.busybox {
        if failed + unreadable > 0 {
            p.err(m, &format!("{name}: WARNING: {} of {total} computed checksums did NOT match", failed + unreadable));
            status = 1;
        }
        return status;
    }
    if unreadable > 0 {
        let plural = if unreadable == 1 { "file" } else { "files" };
        p.err(m, &format!("{name}: WARNING: {unreadable} listed {plural} could not be read"));
        status = 1;
    }
    if failed > 0 {
        let plural = if failed == 1 { "checksum" } else { "checksums" };
        p.err(m, &format!("{name}: WARNING: {failed} computed {plural} did NOT match"));
        status = 1;
    }
    status
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// MD5 (RFC 1321).
fn md5(message: &[u8]) -> [u8; 16] {
    const SHIFTS: [u32; 16] = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
    let constants: Vec<u32> = (0..64).map(|i| ((i as f64 + 1.0).sin().abs() * 4_294_967_296.0) as u32).collect();
    let mut state: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
    let mut padded = message.to_vec();
    padded.push(0x80);
    while padded.len() % 64 != 56 {
        padded.push(0);
    }
    padded.extend_from_slice(&(message.len() as u64).wrapping_mul(8).to_le_bytes());
    for block in padded.chunks_exact(64) {
        let words: Vec<u32> = block.chunks_exact(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect();
        let [mut a, mut b, mut c, mut d] = state;
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let rotated = a.wrapping_add(f).wrapping_add(constants[i]).wrapping_add(words[g]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(rotated.rotate_left(SHIFTS[(i / 16) * 4 + i % 4]));
        }
        for (slot, value) in state.iter_mut().zip([a, b, c, d]) {
            *slot = slot.wrapping_add(value);
        }
    }
    let mut out = [0u8; 16];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{hex, md5};

    /// RFC 1321's test suite.
    #[test]
    fn md5_matches_the_rfc() {
        let cases = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            (
                "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                "57edf4a22be3c955ac49da2e2107b67a",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(hex(&md5(input.as_bytes())), expected, "md5 of {input:?}");
        }
    }
}
