//! Tests of share links: the round trip is exact (a law, checked with proptest), and every kind of
//! broken link gives its own error instead of a panic or a half-restored state.

use super::*;

fn sample() -> Shared {
    Shared {
        dockerfile: "FROM alpine:3.20\nRUN echo hi > /greeting\n".to_string(),
        files: vec![ContextFile::new("app/main.py", "print('ü')\n"), ContextFile::new(".dockerignore", "*.pyc\n")],
        settings: Settings { no_cache: true, build_args: "A=1".to_string(), ..Settings::default() },
        lesson: Some("layers".to_string()),
    }
}

#[test]
fn a_link_restores_exactly_what_was_shared() {
    let mut shared = sample();
    let fragment = encode(&shared);
    assert!(fragment.starts_with("share=v1."));
    assert!(is_share(&fragment) && is_share(&format!("#{fragment}")));
    // Decoding sorts the files the way the context panel does.
    shared.files.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(decode(&format!("#{fragment}")), Ok(shared));
}

#[test]
fn links_are_compact() {
    let mut shared = sample();
    shared.dockerfile = "RUN apt-get update && apt-get install -y curl\n".repeat(200);
    let fragment = encode(&shared);
    assert!(fragment.len() < 600, "{} characters", fragment.len());
}

#[test]
fn a_truncated_link_is_reported_as_damaged() {
    let fragment = encode(&sample());
    for cut in [fragment.len() - 1, fragment.len() - 5, fragment.len() / 2, "share=v1.".len() + 3] {
        let error = decode(&fragment[..cut]).unwrap_err();
        assert!(matches!(error, ShareError::Compression | ShareError::Encoding | ShareError::Content(_)), "{error:?}");
    }
}

#[test]
fn broken_links_say_what_is_wrong() {
    assert_eq!(decode("share=v9.abc"), Err(ShareError::UnknownVersion("v9".to_string())));
    assert_eq!(decode("share=v1.***"), Err(ShareError::Encoding));
    assert_eq!(decode("share=v1.AAAA"), Err(ShareError::Compression));
    let not_json = format!("share=v1.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"[1,2]", 6)));
    assert!(matches!(decode(&not_json), Err(ShareError::Content(_))));
    let long = format!("share=v1.{}", "A".repeat(MAX_FRAGMENT));
    assert_eq!(decode(&long), Err(ShareError::TooLong(long.len())));
}

#[test]
fn a_compression_bomb_is_refused() {
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_JSON + 1], 9);
    let fragment = format!("share=v1.{}", URL_SAFE_NO_PAD.encode(bomb));
    assert!(fragment.len() < 10_000);
    assert_eq!(decode(&fragment), Err(ShareError::TooLarge));
}

#[test]
fn file_names_are_cleaned_and_the_dockerfile_entry_dropped() {
    let mut shared = sample();
    shared.files = vec![
        ContextFile::new("../../etc/passwd", "x"),
        ContextFile::new("Dockerfile", "FROM evil"),
        ContextFile::new("./a", "1"),
        ContextFile::new("a", "2"),
        ContextFile::new("", "empty name"),
    ];
    let decoded = decode(&encode(&shared)).unwrap();
    let names: Vec<&str> = decoded.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["a", "etc/passwd"]);
}

/// The laws, checked with proptest (native only: its random source does not build for wasm32).
#[cfg(not(target_arch = "wasm32"))]
mod laws {
    use proptest::prelude::*;

    use super::*;
    use crate::state::Speed;

    fn any_settings() -> impl Strategy<Value = Settings> {
        (any::<bool>(), ".{0,20}", "[a-z]{0,8}", any::<bool>(), any::<bool>(), 0usize..4).prop_map(
            |(no_cache, build_args, target, network, classic, speed)| Settings {
                no_cache,
                build_args,
                target,
                network,
                classic,
                speed: Speed::ALL[speed],
                ..Settings::default()
            },
        )
    }

    proptest! {
        /// Law: decode(encode(x)) == x for any already-clean workspace.
        #[test]
        fn round_trip(dockerfile in "\\PC{0,300}", names in proptest::collection::btree_set("[a-z]{1,6}(/[a-z]{1,6})?", 0..5),
                      text in "\\PC{0,60}", settings in any_settings(), lesson in proptest::option::of("[a-z-]{1,12}")) {
            let files = names.iter().filter(|n| *n != "Dockerfile").map(|n| ContextFile::new(n, &text)).collect();
            let shared = Shared { dockerfile, files, settings, lesson };
            prop_assert_eq!(decode(&encode(&shared)), Ok(shared));
        }

        /// No input panics the decoder.
        #[test]
        fn never_panics(tail in "\\PC{0,200}") {
            let _ = decode(&format!("share=v1.{tail}"));
            let _ = decode(&tail);
        }
    }
}
