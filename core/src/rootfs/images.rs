//! Layers of the language and server images built on the distribution bases: `python`, `node`,
//! `nginx` and `golang`. Layer sizes follow the real images' `docker history` so the totals match.

use super::builder::LayerBuilder;
use crate::fs::Layer;
use crate::pkg::console_script;

/// The `buildpack-deps:bookworm` stack on top of the base: curl, scm and compilers.
fn buildpack_deps(compilers_size: u64) -> Vec<Layer> {
    let mut curl = LayerBuilder::new();
    curl.bins("/usr/bin", "curl wget gpg", 400_000).dir("/etc/ssl/certs", 0o755);
    curl.text("/var/lib/dpkg/status.d-curl", "curl wget ca-certificates gnupg netbase\n", 0o644);
    curl.fill_to(
        24_100_000,
        &[
            ("/usr/lib/x86_64-linux-gnu/libcurl.so.4", 10),
            ("/usr/lib/x86_64-linux-gnu/libgnutls.so.30", 10),
            ("/usr/share/ca-certificates/bundle.crt", 2),
        ],
    );
    let mut scm = LayerBuilder::new();
    scm.bins("/usr/bin", "git ssh scp ps top", 600_000);
    scm.fill_to(
        64_400_000,
        &[
            ("/usr/lib/git-core/git", 30),
            ("/usr/share/perl/5.36/modules.pm", 20),
            ("/usr/lib/x86_64-linux-gnu/libperl.so.5.36", 15),
        ],
    );
    let mut compilers = LayerBuilder::new();
    compilers.bins("/usr/bin", "gcc-12 g++-12 cpp-12 make ld as ar strip pkg-config autoconf automake patch", 900_000);
    compilers
        .link("/usr/bin/gcc", "gcc-12")
        .link("/usr/bin/g++", "g++-12")
        .link("/usr/bin/cc", "gcc")
        .link("/usr/bin/cpp", "cpp-12");
    compilers.dir("/usr/include", 0o755);
    compilers.fill_to(
        compilers_size,
        &[
            ("/usr/libexec/gcc/x86_64-linux-gnu/12/cc1", 20),
            ("/usr/libexec/gcc/x86_64-linux-gnu/12/cc1plus", 25),
            ("/usr/lib/x86_64-linux-gnu/libLLVM-14.so", 30),
            ("/usr/include/headers.bundle", 15),
            ("/usr/lib/x86_64-linux-gnu/libmagickcore.so", 10),
        ],
    );
    vec![curl.finish(), scm.finish(), compilers.finish()]
}

fn python_runtime(b: &mut LayerBuilder, python_size: u64, musl: bool) {
    b.blob("/usr/local/bin/python3.12", 17_000, 0o755);
    b.link("/usr/local/bin/python3", "python3.12")
        .link("/usr/local/bin/python", "python3")
        .link("/usr/local/bin/pydoc", "pydoc3")
        .link("/usr/local/bin/idle", "idle3");
    b.text(
        "/usr/local/bin/pydoc3",
        "#!/usr/local/bin/python3.12\nimport pydoc\nif __name__ == '__main__':\n    pydoc.cli()\n",
        0o755,
    );
    b.dir("/usr/local/lib/python3.12/ensurepip", 0o755).dir("/usr/local/include/python3.12", 0o755);
    let _ = musl;
    let lib = "/usr/local/lib/libpython3.12.so.1.0";
    b.fill_to(
        python_size,
        &[
            (lib, 30),
            ("/usr/local/lib/python3.12/stdlib.zip", 60),
            ("/usr/local/lib/python3.12/lib-dynload/modules.so", 10),
        ],
    );
}

fn pip_layer(pip_size: u64) -> Layer {
    let mut b = LayerBuilder::new();
    let script = console_script("/usr/local/bin/python3.12", "pip");
    for name in ["pip", "pip3", "pip3.12"] {
        b.text(&format!("/usr/local/bin/{name}"), &script, 0o755);
    }
    b.dir("/usr/local/lib/python3.12/site-packages/pip-24.2.dist-info", 0o755);
    b.text(
        "/usr/local/lib/python3.12/site-packages/pip-24.2.dist-info/METADATA",
        "Metadata-Version: 2.1\nName: pip\nVersion: 24.2\n",
        0o644,
    );
    b.fill_to(pip_size, &[("/usr/local/lib/python3.12/site-packages/pip/__init__.py", 1)]);
    b.finish()
}

/// `python:3.12` (`full`), `python:3.12-slim` (`slim`) or `python:3.12-alpine` (`alpine`).
pub(crate) fn python(variant: &str) -> Vec<Layer> {
    let mut layers = match variant {
        "slim" => vec![super::distros::debian_family("bookworm-slim")],
        "alpine" => vec![super::distros::alpine("3.20")],
        _ => {
            let mut layers = vec![super::distros::debian_family("bookworm")];
            layers.extend(buildpack_deps(587_000_000));
            layers
        }
    };
    let (deps, python_size, pip_size) = match variant {
        "slim" => (3_300_000, 40_800_000, 11_100_000),
        "alpine" => (700_000, 35_500_000, 3_000_000),
        _ => (18_300_000, 198_000_000, 12_300_000),
    };
    let mut runtime = LayerBuilder::new();
    runtime.fill_to(deps, &[("/usr/lib/x86_64-linux-gnu/libtk8.6.so", 1)]);
    layers.push(runtime.finish());
    let mut python = LayerBuilder::new();
    python_runtime(&mut python, python_size, variant == "alpine");
    layers.push(python.finish());
    layers.push(pip_layer(pip_size));
    layers
}

fn node_layer(major: u32, size: u64) -> Layer {
    let mut b = LayerBuilder::new();
    let version = if major == 22 { "22.11.0" } else { "20.18.0" };
    b.blob("/usr/local/bin/node", 96_000_000.min(size / 2), 0o755);
    b.link("/usr/local/bin/nodejs", "node");
    b.text(
        "/usr/local/include/node/node_version.h",
        &format!("#define NODE_MAJOR_VERSION {major}\n#define NODE_VERSION \"v{version}\"\n"),
        0o644,
    );
    b.text(
        "/usr/local/lib/node_modules/npm/bin/npm-cli.js",
        "#!/usr/bin/env node\nrequire('../lib/cli.js')(process)\n",
        0o755,
    );
    b.text(
        "/usr/local/lib/node_modules/npm/bin/npx-cli.js",
        "#!/usr/bin/env node\nrequire('../lib/cli.js')(process)\n",
        0o755,
    );
    b.link("/usr/local/bin/npm", "../lib/node_modules/npm/bin/npm-cli.js");
    b.link("/usr/local/bin/npx", "../lib/node_modules/npm/bin/npx-cli.js");
    b.fill_to(
        size,
        &[("/usr/local/lib/node_modules/npm/node_modules.bundle", 10), ("/usr/local/include/node/headers.bundle", 2)],
    );
    b.finish()
}

fn yarn_layer() -> Layer {
    let mut b = LayerBuilder::new();
    b.text("/opt/yarn-v1.22.22/bin/yarn.js", "#!/usr/bin/env node\nrequire('../lib/cli.js')\n", 0o755);
    b.link("/usr/local/bin/yarn", "/opt/yarn-v1.22.22/bin/yarn.js")
        .link("/usr/local/bin/yarnpkg", "/opt/yarn-v1.22.22/bin/yarn.js");
    b.fill_to(5_340_000, &[("/opt/yarn-v1.22.22/lib/cli.js", 1)]);
    b.finish()
}

fn entrypoint_layer(script: &str) -> Layer {
    let mut b = LayerBuilder::new();
    b.text("/usr/local/bin/docker-entrypoint.sh", script, 0o755);
    b.finish()
}

const NODE_ENTRYPOINT: &str = "#!/bin/sh\nset -e\n\n# Run command with node if the first argument contains a \"-\" or is not a system command.\nif [ \"${1#-}\" != \"${1}\" ] || [ -z \"$(command -v \"${1}\")\" ] || { [ -f \"${1}\" ] && ! [ -x \"${1}\" ]; }; then\n  set -- node \"$@\"\nfi\n\nexec \"$@\"\n";

/// `node:20`, `node:22`, and their `-alpine` variants.
pub(crate) fn node(major: u32, alpine: bool) -> Vec<Layer> {
    let mut layers = if alpine {
        vec![super::distros::alpine("3.20")]
    } else {
        let mut layers = vec![super::distros::debian_family("bookworm")];
        layers.extend(buildpack_deps(if major == 22 { 719_000_000 } else { 712_000_000 }));
        layers
    };
    let size = match (major, alpine) {
        (22, true) => 146_800_000,
        (_, true) => 122_000_000,
        (22, false) => 190_200_000,
        _ => 177_000_000,
    };
    let mut node = node_layer(major, size);
    if alpine {
        add_user(&mut node, &layers[0], "node:x:1000:1000::/home/node:/bin/sh\n", "node:x:1000:node\n");
    } else {
        let mut user = LayerBuilder::new().finish();
        add_user(&mut user, &layers[0], "node:x:1000:1000::/home/node:/bin/bash\n", "node:x:1000:\n");
        layers.push(user);
    }
    layers.push(node);
    layers.push(yarn_layer());
    layers.push(entrypoint_layer(NODE_ENTRYPOINT));
    layers
}

const NGINX_ENTRYPOINT: &str = "#!/bin/sh\n# vim:sw=4:ts=4:et\n\nset -e\n\nif [ \"$1\" = \"nginx\" ] || [ \"$1\" = \"nginx-debug\" ]; then\n    echo \"/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\"\n    echo \"/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/\"\n    echo \"/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh\"\n    echo \"10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf\"\n    echo \"10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf\"\n    echo \"/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh\"\n    echo \"/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh\"\n    echo \"/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh\"\n    echo \"/docker-entrypoint.sh: Configuration complete; ready for start up\"\nfi\n\nexec \"$@\"\n";

/// `nginx:latest` (1.27 on bookworm-slim).
pub(crate) fn nginx() -> Vec<Layer> {
    let mut b = LayerBuilder::new();
    b.blob("/usr/sbin/nginx", 1_500_000, 0o755).blob("/usr/sbin/nginx-debug", 1_600_000, 0o755);
    b.text("/etc/nginx/nginx.conf", "user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /var/run/nginx.pid;\n\nevents {\n    worker_connections  1024;\n}\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n    sendfile        on;\n    keepalive_timeout  65;\n    include /etc/nginx/conf.d/*.conf;\n}\n", 0o644);
    b.text("/etc/nginx/conf.d/default.conf", "server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n}\n", 0o644);
    b.text("/usr/share/nginx/html/index.html", "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n</body>\n</html>\n", 0o644);
    b.text("/usr/share/nginx/html/50x.html", "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n", 0o644);
    b.dir("/var/cache/nginx", 0o755).dir("/var/log/nginx", 0o755);
    b.link("/var/log/nginx/access.log", "/dev/stdout").link("/var/log/nginx/error.log", "/dev/stderr");
    b.fill_to(
        117_000_000,
        &[
            ("/usr/lib/nginx/modules/ngx_http_js_module.so", 10),
            ("/usr/lib/x86_64-linux-gnu/libxml2.so.2", 5),
            ("/usr/share/fonts/bundle.ttf", 3),
            ("/usr/lib/x86_64-linux-gnu/libLLVM-15.so", 20),
        ],
    );
    // One layer per COPY of the image's Dockerfile, each the size of the real script.
    let mut entrypoint = LayerBuilder::new();
    entrypoint.text("/docker-entrypoint.sh", &padded_script(NGINX_ENTRYPOINT, 1620), 0o775);
    let mut layers = vec![entrypoint.finish()];
    for (script, body, size) in [
        ("10-listen-on-ipv6-by-default.sh", "#!/bin/sh\nexit 0\n", 2125),
        ("15-local-resolvers.envsh", "#!/bin/sh\n", 389),
        ("20-envsubst-on-templates.sh", "#!/bin/sh\nexit 0\n", 3018),
        ("30-tune-worker-processes.sh", "#!/bin/sh\nexit 0\n", 4620),
    ] {
        let mut layer = LayerBuilder::new();
        layer.dir("/docker-entrypoint.d", 0o755);
        layer.text(&format!("/docker-entrypoint.d/{script}"), &padded_script(body, size), 0o775);
        layers.push(layer.finish());
    }
    let mut base = super::distros::debian_family("bookworm-slim");
    let unchanged = base.clone();
    add_user(&mut base, &unchanged, "nginx:x:101:101:nginx user:/nonexistent:/bin/false\n", "nginx:x:101:\n");
    let mut all = vec![base, b.finish()];
    all.extend(layers);
    all
}

/// A script's simulated body followed by a comment that brings it to the real script's `size` in
/// bytes, so layer sizes and `docker history` match the real image.
fn padded_script(body: &str, size: usize) -> String {
    let note = "# The rest of the real script is not simulated.\n";
    let mut text = format!("{body}{note}");
    if text.len() + 2 <= size {
        text.push_str(&"#".repeat(size - text.len() - 1));
        text.push('\n');
    }
    text
}

/// Writes into `layer` the `/etc/passwd` and `/etc/group` of `base` with one more line each, and
/// the user's home directory when the passwd line names one under `/home` (what `useradd -m` and
/// `adduser -D` do).
fn add_user(layer: &mut Layer, base: &Layer, passwd_line: &str, group_line: &str) {
    use crate::fs::{Change, Content, Entry, EntryKind};
    for (path, line) in [("/etc/passwd", passwd_line), ("/etc/group", group_line)] {
        if let Some(Change::Put(entry)) = base.changes.get(path)
            && let EntryKind::File(content) = &entry.kind
        {
            let text = content.as_text().map(|t| t.into_owned()).unwrap_or_default() + line;
            let mut entry = entry.clone();
            entry.kind = EntryKind::File(Content::text(&text));
            layer.changes.insert(path.to_string(), Change::Put(entry));
        }
    }
    let fields: Vec<&str> = passwd_line.trim_end().split(':').collect();
    if let [_, _, uid, gid, _, home, _] = fields.as_slice()
        && home.starts_with("/home/")
    {
        let (uid, gid) = (uid.parse().unwrap_or(0), gid.parse().unwrap_or(0));
        layer.changes.insert(home.to_string(), Change::Put(Entry { uid, gid, ..Entry::dir(0o755) }));
    }
}

/// `golang:latest` (Go 1.23 on bookworm).
pub(crate) fn golang() -> Vec<Layer> {
    let mut layers = vec![super::distros::debian_family("bookworm")];
    let mut stack = buildpack_deps(242_000_000);
    stack.truncate(3);
    layers.extend(stack);
    let mut go = LayerBuilder::new();
    go.blob("/usr/local/go/bin/go", 14_000_000, 0o755).blob("/usr/local/go/bin/gofmt", 3_200_000, 0o755);
    go.text("/usr/local/go/VERSION", "go1.23.4\ntime 2024-12-02T21:08:32Z\n", 0o644);
    go.fill_to(
        367_000_000,
        &[
            ("/usr/local/go/pkg/tool/linux_amd64/compile", 10),
            ("/usr/local/go/src/stdlib.bundle", 40),
            ("/usr/local/go/pkg/cache.bundle", 20),
        ],
    );
    layers.push(go.finish());
    let mut gopath = LayerBuilder::new();
    gopath.dir("/go/src", 0o777).dir("/go/bin", 0o777);
    layers.push(gopath.finish());
    // `WORKDIR /go` on a directory that exists: an empty layer.
    layers.push(LayerBuilder::new().finish());
    layers
}
