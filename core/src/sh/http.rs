//! What a simulated server answers to an HTTP GET, computed from the files it serves: nginx's
//! document root, `python3 -m http.server`'s directory, and the routes of a Flask, FastAPI or
//! Express application (a view that returns a literal string or dictionary, a handler that sends a
//! literal). Error pages are each server's own.
//!
//! A [`Site`] is a server some other network namespace can reach: the host reaches a container
//! through a published port, and `docker exec` reaches the container's main process on
//! `localhost`.

use serde::{Deserialize, Serialize};

use crate::fs::Fs;
use crate::sh::Listener;

/// A server reachable on a port, with a snapshot of the filesystem it serves from.
#[derive(Debug, Clone)]
pub struct Site {
    /// The port the client connects to (a published host port, or the server's own port).
    pub port: u16,
    /// The host names it answers to (a container's name on a user-defined network); empty for a
    /// site reached on `localhost`.
    pub names: Vec<String>,
    /// The serving process.
    pub listener: Listener,
    /// The server's filesystem.
    pub fs: Fs,
    /// Whether the connection reaches the server: a published port whose container port nothing
    /// listens on, or a server bound to 127.0.0.1, drops it (curl exit 56).
    pub reachable: bool,
}

/// An HTTP response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The body.
    pub body: String,
}

impl Response {
    fn ok(body: impl Into<String>) -> Response {
        Response { status: 200, body: body.into() }
    }
}

/// The reason phrase of a status code.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Internal Server Error",
    }
}

/// What `listener` answers to `GET path` (path with its query string), reading from `fs`.
pub fn respond(fs: &Fs, listener: &Listener, path: &str) -> Response {
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let path = if path.is_empty() { "/" } else { path };
    match listener.program.as_str() {
        "nginx" => nginx(fs, &listener.root, path),
        "python3 -m http.server" => http_server(fs, &listener.root, path),
        "flask" | "gunicorn" => python_app(fs, &listener.root, path, false),
        "uvicorn" => python_app(fs, &listener.root, path, true),
        "node" => node_app(fs, &listener.root, path),
        // Go's default mux answers an unregistered path with this text.
        _ => Response { status: 404, body: "404 page not found\n".to_string() },
    }
}

fn read(fs: &Fs, path: &str) -> Option<String> {
    let content = fs.read_file(path).ok()?;
    content.as_text().map(|t| t.into_owned())
}

/// Percent-decodes a URL path (`%20` → space); invalid escapes stay as written.
fn decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = path.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn nginx_error(status: u16) -> Response {
    let title = format!("{status} {}", reason(status));
    Response {
        status,
        body: format!(
            "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx/1.27.2</center>\r\n</body>\r\n</html>\r\n"
        ),
    }
}

fn nginx(fs: &Fs, root: &str, path: &str) -> Response {
    let file = crate::fs::normalize(root, &format!(".{}", decode(path)));
    if !file.starts_with(root) {
        return nginx_error(404);
    }
    match fs.stat(&file) {
        Some(entry) if entry.is_dir() => match read(fs, &crate::fs::join(&file, "index.html")) {
            Some(body) => Response::ok(body),
            // autoindex is off in the image's default.conf.
            None => nginx_error(403),
        },
        Some(_) => read(fs, &file).map_or_else(|| nginx_error(403), Response::ok),
        None => nginx_error(404),
    }
}

fn http_server(fs: &Fs, root: &str, path: &str) -> Response {
    let decoded = decode(path);
    let file = crate::fs::normalize(root, &format!(".{decoded}"));
    let not_found = Response {
        status: 404,
        body: "<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n        <p>Error code: 404</p>\n        <p>Message: File not found.</p>\n        <p>Error code explanation: 404 - Nothing matches the given URI.</p>\n    </body>\n</html>\n".to_string(),
    };
    if !file.starts_with(root) {
        return not_found;
    }
    match fs.stat(&file) {
        Some(entry) if entry.is_dir() => {
            if let Some(body) = read(fs, &crate::fs::join(&file, "index.html")) {
                return Response::ok(body);
            }
            let Ok(mut entries) = fs.read_dir(&file) else { return not_found };
            entries.sort_by_key(|(name, _)| name.to_lowercase());
            let title = format!("Directory listing for {decoded}");
            let mut body = format!(
                "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n</head>\n<body>\n<h1>{title}</h1>\n<hr>\n<ul>\n"
            );
            for (name, entry) in entries {
                let shown = if entry.is_dir() {
                    format!("{name}/")
                } else if entry.is_symlink() {
                    format!("{name}@")
                } else {
                    name.clone()
                };
                let link = if entry.is_dir() { format!("{name}/") } else { name };
                body.push_str(&format!("<li><a href=\"{link}\">{shown}</a></li>\n"));
            }
            body.push_str("</ul>\n<hr>\n</body>\n</html>\n");
            Response::ok(body)
        }
        Some(_) => read(fs, &file).map_or(not_found, Response::ok),
        None => not_found,
    }
}

/// The first string literal (or f-string without fields) at the start of `text`, unquoted.
fn string_literal(text: &str) -> Option<String> {
    let text = text.trim();
    let formatted = text.starts_with('f');
    let text = text.strip_prefix('f').unwrap_or(text);
    let quote = text.chars().next().filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let inner = &text[1..];
    let end = inner.find(quote)?;
    let literal = &inner[..end];
    // A template with fields depends on values the simulator does not evaluate.
    let template = formatted || quote == '`';
    (!(template && literal.contains('{'))).then(|| literal.replace("\\n", "\n"))
}

/// A Python dict literal of string or number values as compact JSON (`{"message":"Hello"}`).
fn dict_json(text: &str) -> Option<String> {
    let inner = text.trim().strip_prefix('{')?.rsplit_once('}')?.0;
    let mut map = serde_json::Map::new();
    for pair in inner.split(',').filter(|p| !p.trim().is_empty()) {
        let (key, value) = pair.split_once(':')?;
        let key = string_literal(key)?;
        let value = match string_literal(value) {
            Some(s) => serde_json::Value::String(s),
            None => match value.trim() {
                "True" | "true" => serde_json::Value::Bool(true),
                "False" | "false" => serde_json::Value::Bool(false),
                "None" | "null" => serde_json::Value::Null,
                n => serde_json::Value::Number(n.parse::<i64>().ok()?.into()),
            },
        };
        map.insert(key, value);
    }
    Some(serde_json::Value::Object(map).to_string())
}

/// The route a decorator line declares: `@app.route("/x")`, `@app.get("/x")`, `@bp.route('/x', …)`.
fn route_of(line: &str) -> Option<String> {
    let line = line.trim();
    let rest = line.strip_prefix('@')?;
    let (_, call) = rest.split_once('.')?;
    let args = ["route(", "get("].iter().find_map(|m| call.strip_prefix(m))?;
    string_literal(args)
}

fn python_app(fs: &Fs, file: &str, path: &str, fastapi: bool) -> Response {
    let source = read(fs, file).unwrap_or_default();
    let lines: Vec<&str> = source.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if route_of(line).as_deref() != Some(path) {
            continue;
        }
        // The view's first `return`.
        let Some(ret) = lines[i + 1..].iter().map(|l| l.trim()).find_map(|l| l.strip_prefix("return ")) else {
            continue;
        };
        let ret = ret.trim();
        let inner = ret.strip_prefix("jsonify(").and_then(|r| r.strip_suffix(')')).unwrap_or(ret);
        if let Some(body) = dict_json(inner) {
            return Response::ok(if fastapi { body } else { format!("{body}\n") });
        }
        if let Some(text) = string_literal(ret) {
            return Response::ok(if fastapi { serde_json::Value::String(text).to_string() } else { text });
        }
        return Response::ok(String::new());
    }
    if fastapi {
        return Response { status: 404, body: "{\"detail\":\"Not Found\"}".to_string() };
    }
    Response {
        status: 404,
        body: "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n".to_string(),
    }
}

/// What a handler sends: `res.send('…')`, `res.end('…')` or `res.json({…})` after `from`.
fn sent_after(source: &str, from: usize) -> Option<String> {
    let rest = &source[from..];
    let (idx, method) = ["res.send(", "res.end(", "res.json(", "res.write("]
        .iter()
        .filter_map(|m| rest.find(m).map(|i| (i, *m)))
        .min()?;
    let args = &rest[idx + method.len()..];
    if method == "res.json(" {
        return dict_json(args.split(')').next()?).or_else(|| Some("{}".to_string()));
    }
    string_literal(args)
}

fn node_app(fs: &Fs, file: &str, path: &str) -> Response {
    let source = read(fs, file).unwrap_or_default();
    let express = source.contains("express");
    if !express {
        // http.createServer answers every path the same way.
        return Response::ok(sent_after(&source, 0).unwrap_or_default());
    }
    for pattern in [format!(".get('{path}'"), format!(".get(\"{path}\""), format!(".get(`{path}`")] {
        if let Some(idx) = source.find(&pattern) {
            return Response::ok(sent_after(&source, idx).unwrap_or_default());
        }
    }
    Response {
        status: 404,
        body: format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot GET {path}</pre>\n</body>\n</html>\n"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::Content;

    fn fs_with(files: &[(&str, &str)]) -> Fs {
        let mut fs = Fs::new(Vec::new());
        for (path, text) in files {
            let _ = fs.mkdir_all(crate::fs::split_parent(path).0, 0o755, 0, 0);
            let _ = fs.write_file(path, Content::text(text), 0o644, 0, 0);
        }
        fs
    }

    fn listener(program: &str, root: &str) -> Listener {
        Listener { program: program.to_string(), port: Some(80), loopback: false, root: root.to_string() }
    }

    #[test]
    fn flask_views_return_their_literal() {
        let fs = fs_with(&[(
            "/app/app.py",
            "from flask import Flask\napp = Flask(__name__)\n\n@app.route(\"/\")\ndef hello():\n    return \"Hello from Docker!\"\n\n@app.route('/api')\ndef api():\n    return {\"status\": \"ok\", \"n\": 3}\n",
        )]);
        let l = listener("flask", "/app/app.py");
        assert_eq!(respond(&fs, &l, "/"), Response::ok("Hello from Docker!"));
        assert_eq!(respond(&fs, &l, "/api").body, "{\"status\":\"ok\",\"n\":3}\n");
        assert_eq!(respond(&fs, &l, "/nope").status, 404);
    }

    #[test]
    fn nginx_serves_its_document_root() {
        let fs = fs_with(&[("/usr/share/nginx/html/index.html", "<h1>hi</h1>\n")]);
        let l = listener("nginx", "/usr/share/nginx/html");
        assert_eq!(respond(&fs, &l, "/").body, "<h1>hi</h1>\n");
        assert_eq!(respond(&fs, &l, "/index.html?x=1").body, "<h1>hi</h1>\n");
        assert!(respond(&fs, &l, "/missing").body.contains("<title>404 Not Found</title>"));
        assert_eq!(respond(&fs, &l, "/../../etc/passwd").status, 404);
    }

    #[test]
    fn http_server_lists_directories() {
        let fs = fs_with(&[("/srv/b.txt", "b"), ("/srv/A.txt", "a"), ("/srv/sub/c", "c")]);
        let body = respond(&fs, &listener("python3 -m http.server", "/srv"), "/").body;
        let items: Vec<&str> = body.lines().filter(|l| l.starts_with("<li>")).collect();
        assert_eq!(
            items,
            [
                "<li><a href=\"A.txt\">A.txt</a></li>",
                "<li><a href=\"b.txt\">b.txt</a></li>",
                "<li><a href=\"sub/\">sub/</a></li>"
            ]
        );
    }

    #[test]
    fn express_routes_and_fastapi_json() {
        let fs = fs_with(&[
            (
                "/app/server.js",
                "const express = require('express');\nconst app = express();\napp.get('/', (req, res) => {\n  res.send('Hello World!');\n});\napp.listen(3000);\n",
            ),
            (
                "/app/main.py",
                "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get(\"/\")\ndef root():\n    return {\"message\": \"Hello World\"}\n",
            ),
        ]);
        assert_eq!(respond(&fs, &listener("node", "/app/server.js"), "/").body, "Hello World!");
        assert!(respond(&fs, &listener("node", "/app/server.js"), "/x").body.contains("Cannot GET /x"));
        assert_eq!(respond(&fs, &listener("uvicorn", "/app/main.py"), "/").body, "{\"message\":\"Hello World\"}");
        assert_eq!(respond(&fs, &listener("uvicorn", "/app/main.py"), "/x").body, "{\"detail\":\"Not Found\"}");
    }
}
