//! Tests of embed options and the origin rules (the security tests for postMessage live here and in
//! `e2e/tests/embed.mjs`).

use super::*;

fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
    query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn without_embed_it_is_the_full_app() {
    assert_eq!(EmbedOptions::from_query(&pairs(&[("view", "run")])), None);
}

#[test]
fn options_are_read_from_the_query() {
    let options = EmbedOptions::from_query(&pairs(&[
        ("embed", ""),
        ("view", "history"),
        ("autoplay", ""),
        ("readonly", "1"),
        ("lesson", "layers"),
        ("origin", "https://Docs.Example.com/"),
    ]))
    .unwrap();
    assert_eq!(
        options,
        EmbedOptions {
            view: EmbedView::History,
            autoplay: true,
            read_only: true,
            lesson: Some("layers".to_string()),
            origin: Some("https://docs.example.com".to_string()),
        }
    );
    let defaults =
        EmbedOptions::from_query(&pairs(&[("embed", "1"), ("view", "nonsense"), ("autoplay", "0")])).unwrap();
    assert_eq!(defaults, EmbedOptions::default());
}

#[test]
fn the_query_round_trips() {
    let options = EmbedOptions {
        view: EmbedView::Terminal,
        autoplay: true,
        read_only: false,
        lesson: Some("a b&c".to_string()),
        origin: Some("http://localhost:3000".to_string()),
    };
    let query = options.to_query();
    assert_eq!(query, "?embed&view=terminal&autoplay&lesson=a%20b%26c&origin=http%3A%2F%2Flocalhost%3A3000");
    // The browser decodes the pairs; decode the same way here.
    let decoded: Vec<(String, String)> = query[1..]
        .split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (k.to_string(), percent_decode(v))
        })
        .collect();
    assert_eq!(EmbedOptions::from_query(&decoded), Some(options));
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn only_bare_http_origins_are_accepted() {
    assert_eq!(normalize_origin("https://docs.example.com"), Some("https://docs.example.com".to_string()));
    assert_eq!(normalize_origin("http://127.0.0.1:8081/"), Some("http://127.0.0.1:8081".to_string()));
    for bad in ["*", "null", "javascript:alert(1)", "https://", "ftp://x.org", "https://a.org/path", "https://:80"] {
        assert_eq!(normalize_origin(bad), None, "{bad}");
    }
}

#[test]
fn the_referrer_gives_the_host_origin_without_path_or_credentials() {
    assert_eq!(
        origin_of("https://user:pw@docs.example.com:8443/guide/x?y#z"),
        Some("https://docs.example.com:8443".into())
    );
    assert_eq!(origin_of(""), None);
    let stated = EmbedOptions { origin: Some("https://a.org".to_string()), ..EmbedOptions::default() };
    assert_eq!(stated.host_origin("https://b.org/page"), Some("https://a.org".to_string()));
    assert_eq!(EmbedOptions::default().host_origin("https://b.org/page"), Some("https://b.org".to_string()));
}

#[test]
fn messages_are_accepted_only_from_the_parent_at_the_host_origin() {
    let host = Some("https://docs.example.com");
    assert!(accepts(true, "https://docs.example.com", host));
    assert!(!accepts(true, "https://evil.example.com", host));
    assert!(!accepts(false, "https://docs.example.com", host));
    assert!(!accepts(true, "https://docs.example.com", None));
    assert_eq!(Incoming::from_type("layerlab:build"), Some(Incoming::Build));
    assert_eq!(Incoming::from_type("layerlab:eval"), None);
}

#[test]
fn the_embed_code_is_an_escaped_iframe() {
    let code = embed_code("http://x/?embed&view=run#share=v1.\"x");
    assert!(code.starts_with("<iframe src=\"http://x/?embed&amp;view=run#share=v1.&quot;x\""), "{code}");
    assert!(code.ends_with("</iframe>"));
}

#[test]
fn host_messages_have_the_documented_shape() {
    let solved = HostEvent::LessonSolved { lesson: "layers".to_string() };
    assert_eq!(solved.to_json().to_string(), r#"{"type":"layerlab:lesson-solved","lesson":"layers"}"#);
    assert_eq!(height_message(412).to_string(), r#"{"type":"layerlab:height","height":412}"#);
}
