//! `curl` and `wget`: simulated downloads with deterministic synthetic contents.
//!
//! A URL maps to content of a plausible size derived from its text (seeded, so the same URL gives
//! the same bytes digest). With the network off, both fail exactly like the real tools do when DNS
//! resolution fails (curl exit 6, wget exit 4). `localhost` URLs reach servers started with `&`.

use crate::fs::{Content, basename};
use crate::sh::machine::{Ctrl, Machine};
use crate::sh::programs::Proc;

fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    host.rsplit_once('@').map(|(_, h)| h).unwrap_or(host).split(':').next().unwrap_or("").to_string()
}

/// A plausible size for a download: archives are megabytes, scripts kilobytes, pages small.
fn size_of(url: &str) -> u64 {
    let seed = crate::fs::seed_of(url);
    let jitter = seed % 1000;
    if url.ends_with(".tar.gz")
        || url.ends_with(".tgz")
        || url.ends_with(".zip")
        || url.ends_with(".deb")
        || url.ends_with(".tar.xz")
    {
        20_000_000 + jitter * 37_000
    } else if url.ends_with(".sh") || url.ends_with(".py") {
        8_000 + jitter * 20
    } else if url.ends_with(".jar") {
        15_000_000 + jitter * 11_000
    } else {
        1_256 + jitter
    }
}

fn body_of(url: &str) -> Content {
    let host = host_of(url);
    if url.ends_with(".sh") || url.ends_with(".py") || url.ends_with(".json") || url.ends_with(".txt") {
        return Content::text(&format!("# downloaded from {url}\necho \"installed from {host}\"\n"));
    }
    if !url.contains('.')
        || url.ends_with('/')
        || url.ends_with(".html")
        || !url.split('/').next_back().unwrap_or("").contains('.')
    {
        return Content::text(&format!(
            "<!doctype html>\n<html><head><title>{host}</title></head><body><h1>{host}</h1></body></html>\n"
        ));
    }
    Content::Synthetic { size: size_of(url), seed: crate::fs::seed_of(url) }
}

/// The port and path of a URL (`http://localhost:8080/api?x=1` → 8080, `/api?x=1`).
fn port_and_path(url: &str) -> (u16, String) {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let port = authority.rsplit_once(':').and_then(|(_, p)| p.parse().ok()).unwrap_or(80);
    let path = if path.starts_with('/') { path } else { format!("/{path}") };
    (port, path)
}

/// One `curl` or `wget` request to a simulated server.
struct Request<'a> {
    /// `curl` or `wget`.
    tool: &'a str,
    url: &'a str,
    host: &'a str,
    /// Where the body goes (`-o`/`-O`; `-` for standard output).
    output: Option<String>,
    /// `curl -f`: an HTTP error status fails with exit 22.
    fail: bool,
}

/// A request to another container by name. On a user-defined network Docker's DNS resolves the
/// names of the containers on it; a single-label name that nothing resolves fails like DNS does (a
/// container name on the default bridge, a typo). Names with a dot are left to the internet.
fn peer_request(m: &mut Machine, p: &mut Proc, req: &Request) -> Option<Result<i32, Ctrl>> {
    let (name, url, host) = (req.tool, req.url, req.host);
    let (port, _) = port_and_path(url);
    let known = m.sites.iter().any(|s| s.names.iter().any(|n| n == host));
    if known {
        if !m.network {
            return None;
        }
        let site = m.sites.iter().find(|s| s.port == port && s.names.iter().any(|n| n == host)).cloned();
        let Some(site) = site else {
            if name == "curl" {
                p.err(
                    m,
                    &format!(
                        "curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"
                    ),
                );
                return Some(Ok(7));
            }
            p.err(m, "wget: can't connect to remote host: Connection refused");
            return Some(Ok(if p.busybox { 1 } else { 4 }));
        };
        // The request then goes as to a local site: the same answer, computed from its files.
        let local = crate::sh::http::Site { names: Vec::new(), ..site };
        let saved = std::mem::replace(&mut m.sites, vec![local]);
        let result = local_request(m, p, req);
        m.sites = saved;
        return Some(result);
    }
    if host.contains('.') || host.is_empty() || !m.network {
        return None;
    }
    if name == "curl" {
        p.err(m, &format!("curl: (6) Could not resolve host: {host}"));
        return Some(Ok(6));
    }
    if p.busybox {
        p.err(m, &format!("wget: bad address '{host}'"));
        return Some(Ok(1));
    }
    p.err(m, &format!("wget: unable to resolve host address '{host}'"));
    Some(Ok(4))
}

/// A request to `localhost`: a server in another namespace this process can reach (a published
/// port from the host, the container's own server from `docker exec`), else one this machine
/// started with `&`. The body is what the server computes from its files ([`crate::sh::http`]).
fn local_request(m: &mut Machine, p: &mut Proc, req: &Request) -> Result<i32, Ctrl> {
    let (name, url, host, output, fail) = (req.tool, req.url, req.host, req.output.clone(), req.fail);
    let (port, path) = port_and_path(url);
    let site = m.sites.iter().find(|s| s.port == port && s.names.is_empty()).cloned();
    let response = match site {
        Some(site) if site.reachable => Some(crate::sh::http::respond(&site.fs, &site.listener, &path)),
        Some(_) => {
            // Docker's proxy accepts the connection, then finds nothing listening behind it.
            if name == "curl" {
                p.err(m, "curl: (56) Recv failure: Connection reset by peer");
                return Ok(56);
            }
            p.err(m, "wget: error getting response: Connection reset by peer");
            return Ok(if p.busybox { 1 } else { 4 });
        }
        None => {
            let listener = m.background.values().find(|l| l.port == Some(port)).cloned();
            listener.map(|l| crate::sh::http::respond(m.fs, &l, &path))
        }
    };
    let Some(response) = response else {
        if name == "curl" {
            p.err(
                m,
                &format!("curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"),
            );
            return Ok(7);
        }
        if p.busybox {
            p.err(
                m,
                &format!(
                    "wget: can't connect to remote host ({}): Connection refused",
                    if host == "localhost" { "127.0.0.1" } else { host }
                ),
            );
            return Ok(1);
        }
        p.err(m, &format!("Connecting to {host} ({host})|127.0.0.1|:{port}... failed: Connection refused."));
        return Ok(4);
    };
    if response.status >= 400 {
        let reason = crate::sh::http::reason(response.status);
        if name == "wget" {
            if p.busybox {
                p.err(m, &format!("wget: server returned error: HTTP/1.1 {} {reason}", response.status));
                return Ok(1);
            }
            p.err(m, &format!("{} ERROR {}: {reason}.", "2024-01-01 00:00:00", response.status));
            return Ok(8);
        }
        if fail {
            p.err(m, &format!("curl: (22) The requested URL returned error: {}", response.status));
            return Ok(22);
        }
    }
    let to_stdout = match (name, &output) {
        (_, Some(out)) => out == "-",
        ("curl", None) => true,
        _ => false,
    };
    if to_stdout {
        m.write(p.io.out, &response.body);
        return Ok(0);
    }
    let file = output.unwrap_or_else(|| {
        let base = basename(path.split(['?', '#']).next().unwrap_or("/"));
        if base.is_empty() { "index.html".to_string() } else { base.to_string() }
    });
    let target = p.path(&file);
    let (uid, gid) = (m.uid, m.gid);
    if m.fs.write_file(&target, Content::text(&response.body), 0o644, uid, gid).is_err() {
        p.err(m, &format!("{name}: {file}: Permission denied"));
        return Ok(if name == "curl" { 23 } else { 3 });
    }
    Ok(0)
}

/// Runs `curl` or `wget`.
pub(crate) fn run(m: &mut Machine, name: &str, p: &mut Proc) -> Result<i32, Ctrl> {
    let args = p.args().to_vec();
    let mut output: Option<String> = None;
    let mut remote_name = false;
    let mut fail = false;
    let mut quiet = false;
    let mut url = None;
    let mut idx = 0;
    while idx < args.len() {
        let arg = args[idx].as_str();
        match arg {
            "-o" | "--output" if name == "curl" => {
                output = args.get(idx + 1).cloned();
                idx += 1;
            }
            "-O" if name == "wget" => {
                output = args.get(idx + 1).cloned();
                idx += 1;
            }
            "-O-" | "-qO-" if name == "wget" => {
                output = Some("-".to_string());
                quiet |= arg == "-qO-";
            }
            "-O" | "--remote-name" => remote_name = true,
            "-q" | "-s" | "--silent" | "-sS" | "-qO-" => quiet = true,
            _ if arg.starts_with('-') => {
                if arg.contains('f') && name == "curl" {
                    fail = true;
                }
                if arg.contains('s') || arg.contains('q') {
                    quiet = true;
                }
                if arg.ends_with('o') && name == "curl" || arg.ends_with('O') && name == "wget" {
                    output = args.get(idx + 1).cloned();
                    idx += 1;
                } else if arg.contains('O') && name == "curl" {
                    remote_name = true;
                }
                if matches!(arg, "-H" | "-X" | "-d" | "--data" | "-u" | "-A" | "--header" | "-w" | "--retry") {
                    idx += 1;
                }
            }
            _ => url = Some(arg.to_string()),
        }
        idx += 1;
    }
    if args.iter().any(|a| a == "--version" || a == "-V") {
        let version = match (name, m.distro.codename.as_str()) {
            ("curl", "focal") => "curl 7.68.0 (x86_64-pc-linux-gnu) libcurl/7.68.0 OpenSSL/1.1.1f zlib/1.2.11",
            ("curl", "jammy") => {
                "curl 7.81.0 (x86_64-pc-linux-gnu) libcurl/7.81.0 OpenSSL/3.0.2 zlib/1.2.11 brotli/1.0.9 zstd/1.4.8 libidn2/2.3.2 libpsl/0.21.0 (+libidn2/2.3.2) libssh/0.9.6/openssl/zlib nghttp2/1.43.0 librtmp/2.3 OpenLDAP/2.5.18"
            }
            ("curl", "noble") => {
                "curl 8.5.0 (x86_64-pc-linux-gnu) libcurl/8.5.0 OpenSSL/3.0.13 zlib/1.3 brotli/1.1.0 zstd/1.5.5 libidn2/2.3.7 libpsl/0.21.2 (+libidn2/2.3.7) libssh/0.10.6/openssl/zlib nghttp2/1.59.0 librtmp/2.3 OpenLDAP/2.6.7"
            }
            ("curl", "bookworm") => {
                "curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.15 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 librtmp/2.3 OpenLDAP/2.5.13"
            }
            ("curl", _) => {
                "curl 8.11.0 (x86_64-alpine-linux-musl) libcurl/8.11.0 OpenSSL/3.3.2 zlib/1.3.1 brotli/1.1.0 zstd/1.5.6 c-ares/1.34.3 libidn2/2.3.7 libpsl/0.21.5 nghttp2/1.62.1"
            }
            _ => "GNU Wget 1.21.2 built on linux-gnu.",
        };
        p.out(m, version);
        return Ok(0);
    }
    let Some(url) = url else {
        if name == "curl" {
            p.err(m, "curl: try 'curl --help' or 'curl --manual' for more information");
            return Ok(2);
        }
        p.err(m, "wget: missing URL");
        p.err(m, "Usage: wget [OPTION]... [URL]...");
        p.err(m, "");
        p.err(m, "Try `wget --help' for more options.");
        return Ok(1);
    };
    let host = host_of(&url);
    let local = host == "localhost" || host == "127.0.0.1" || host == "0.0.0.0";
    m.advance(if local { 5 } else { 300 });
    let request = Request { tool: name, url: &url, host: &host, output: output.clone(), fail };
    if local {
        return local_request(m, p, &request);
    }
    if let Some(result) = peer_request(m, p, &request) {
        return result;
    }
    if !m.network {
        if name == "curl" {
            p.err(m, &format!("curl: (6) Could not resolve host: {host}"));
            return Ok(6);
        }
        if p.busybox {
            p.err(m, &format!("wget: bad address '{host}'"));
            return Ok(1);
        }
        p.err(m, &format!("wget: unable to resolve host address '{host}'"));
        return Ok(4);
    }
    let content = body_of(&url);
    let size = content.len();
    m.advance(size / 50_000);
    let file_name = {
        let base = basename(url.split(['?', '#']).next().unwrap_or(&url)).to_string();
        if base.is_empty() || base.contains(':') { "index.html".to_string() } else { base }
    };
    let target = match (name, output, remote_name) {
        (_, Some(out), _) if out == "-" => None,
        (_, Some(out), _) => Some(out),
        ("curl", None, true) => Some(file_name.clone()),
        ("curl", None, false) => None,
        (_, None, _) => Some(file_name.clone()),
    };
    match target {
        None => match content.as_text() {
            Some(text) => {
                let text = text.into_owned();
                m.write(p.io.out, &text);
            }
            None => {
                if name == "curl" && !quiet {
                    p.err(m, "Warning: Binary output can mess up your terminal. Use \"--output -\" to tell curl to output it to your terminal anyway, or consider \"--output <FILE>\" to save to a file.");
                    return Ok(23);
                }
            }
        },
        Some(out) => {
            let path = p.path(&out);
            let (uid, gid) = (m.uid, m.gid);
            if m.fs.write_file(&path, content, 0o644, uid, gid).is_err() {
                if name == "curl" {
                    p.err(m, &format!("curl: (23) Failure writing output to destination, passed {size} returned 0"));
                    return Ok(23);
                }
                p.err(m, &format!("{out}: No such file or directory"));
                return Ok(3);
            }
            if name == "wget" && !quiet {
                p.err(m, &format!("--2024-01-01 00:00:00--  {url}"));
                p.err(m, &format!("Resolving {host} ({host})... 93.184.215.14"));
                p.err(m, &format!("Connecting to {host} ({host})|93.184.215.14|:443... connected."));
                p.err(m, "HTTP request sent, awaiting response... 200 OK");
                p.err(m, &format!("Length: {size}"));
                p.err(m, &format!("Saving to: '{out}'"));
                p.err(m, "");
                p.err(m, &format!("2024-01-01 00:00:01 (2.50 MB/s) - '{out}' saved [{size}/{size}]"));
                p.err(m, "");
            } else if name == "curl" && !quiet {
                p.err(m, "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current");
                p.err(m, "                                 Dload  Upload   Total   Spent    Left  Speed");
                p.err(
                    m,
                    &format!(
                        "100 {:>5}  100 {:>5}    0     0  2500k      0 --:--:-- --:--:-- --:--:-- 2500k",
                        short(size),
                        short(size)
                    ),
                );
            }
        }
    }
    Ok(0)
}

fn short(bytes: u64) -> String {
    if bytes >= 1_048_576 {
        format!("{}M", bytes / 1_048_576)
    } else if bytes >= 1024 {
        format!("{}k", bytes / 1024)
    } else {
        bytes.to_string()
    }
}
