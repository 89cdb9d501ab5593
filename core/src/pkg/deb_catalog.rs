//! The Debian/Ubuntu package catalog: names, versions per release, sizes, dependencies and the
//! files each package installs (in [`super::parse_files`] notation; `{py}` is the Python minor).
//!
//! Versions are listed as `focal|jammy|noble|bookworm`. Sizes are the real packages' approximate
//! installed and download sizes in kB. Names are the jammy ones on every release (the t64 renames
//! of noble are not modelled).

/// One `.deb` package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DebPackage {
    /// The package name.
    pub name: &'static str,
    /// `focal|jammy|noble|bookworm` versions.
    pub versions: &'static str,
    /// Installed size in kB.
    pub installed_kb: u64,
    /// Download size in kB.
    pub download_kb: u64,
    /// Hard dependencies.
    pub depends: &'static str,
    /// Recommended packages (installed unless `--no-install-recommends`).
    pub recommends: &'static str,
    /// Files installed.
    pub files: &'static str,
    /// The archive component (`main` or `universe`).
    pub component: &'static str,
}

impl DebPackage {
    /// The version on a release (`focal`, `jammy`, `noble`, `bookworm`).
    pub fn version(&self, codename: &str) -> &'static str {
        let idx = match codename {
            "focal" => 0,
            "jammy" => 1,
            "noble" => 2,
            _ => 3,
        };
        let parts: Vec<&'static str> = self.versions.split('|').collect();
        parts.get(idx).or(parts.last()).copied().unwrap_or("1.0-1")
    }
}

#[allow(clippy::too_many_arguments)]
const fn p(
    name: &'static str,
    versions: &'static str,
    installed_kb: u64,
    download_kb: u64,
    depends: &'static str,
    recommends: &'static str,
    files: &'static str,
    component: &'static str,
) -> DebPackage {
    DebPackage { name, versions, installed_kb, download_kb, depends, recommends, files, component }
}

/// Every package the simulated archives carry.
pub const PACKAGES: &[DebPackage] = &[
    p("python3", "3.8.2-0ubuntu2|3.10.6-1~22.04.1|3.12.3-0ubuntu2|3.11.2-1+b1", 90, 23, "python3-minimal python{py} libpython3-stdlib", "", "usr/bin/python3->python{py} usr/bin/pydoc3->pydoc{py}", "main"),
    p("python3-minimal", "3.8.2-0ubuntu2|3.10.6-1~22.04.1|3.12.3-0ubuntu2|3.11.2-1+b1", 120, 24, "python{py}-minimal", "", "", "main"),
    p("python{py}", "3.8.10-0ubuntu1~20.04.12|3.10.12-1~22.04.6|3.12.3-1ubuntu0.2|3.11.2-6+deb12u3", 640, 508, "python{py}-minimal libpython{py}-stdlib media-types", "", "usr/bin/pydoc{py}", "main"),
    p("python{py}-minimal", "3.8.10-0ubuntu1~20.04.12|3.10.12-1~22.04.6|3.12.3-1ubuntu0.2|3.11.2-6+deb12u3", 5824, 2264, "libpython{py}-minimal libexpat1 zlib1g", "", "usr/bin/python{py}", "main"),
    p("libpython{py}-minimal", "3.8.10-0ubuntu1~20.04.12|3.10.12-1~22.04.6|3.12.3-1ubuntu0.2|3.11.2-6+deb12u3", 4032, 815, "libssl3", "", "usr/lib/python{py}/", "main"),
    p("libpython{py}-stdlib", "3.8.10-0ubuntu1~20.04.12|3.10.12-1~22.04.6|3.12.3-1ubuntu0.2|3.11.2-6+deb12u3", 7772, 1850, "libpython{py}-minimal libmpdec3 libreadline8 libsqlite3-0 libncursesw6", "", "", "main"),
    p("libpython3-stdlib", "3.8.2-0ubuntu2|3.10.6-1~22.04.1|3.12.3-0ubuntu2|3.11.2-1+b1", 40, 7, "libpython{py}-stdlib", "", "", "main"),
    p("media-types", "1.0.1|7.0.0|10.1.0|10.0.0", 120, 25, "", "", "etc/mime.types", "main"),
    p("libmpdec3", "2.4.2-3|2.5.1-2build2|2.5.1-2build2|2.5.1-2", 260, 86, "", "", "", "main"),
    p("libreadline8", "8.0-4|8.1.2-1|8.2-4build1|8.2-1.3", 464, 153, "readline-common", "", "", "main"),
    p("readline-common", "8.0-4|8.1.2-1|8.2-4build1|8.2-1.3", 88, 55, "", "", "", "main"),
    p("libsqlite3-0", "3.31.1-4ubuntu0.6|3.37.2-2ubuntu0.3|3.45.1-1ubuntu2|3.40.1-2", 1520, 645, "", "", "", "main"),
    p("libexpat1", "2.2.9-1ubuntu0.7|2.4.7-1ubuntu0.4|2.6.1-2build1|2.5.0-1", 420, 91, "", "", "", "main"),
    p("libssl3", "1.1.1f-1ubuntu2.23|3.0.2-0ubuntu1.18|3.0.13-0ubuntu3.4|3.0.15-1~deb12u1", 5766, 1905, "", "", "", "main"),
    p("openssl", "1.1.1f-1ubuntu2.23|3.0.2-0ubuntu1.18|3.0.13-0ubuntu3.4|3.0.15-1~deb12u1", 2056, 1185, "libssl3", "", "usr/bin/openssl", "main"),
    p("ca-certificates", "20240203~20.04.1|20240203~22.04.1|20240203|20230311", 384, 162, "openssl", "", "etc/ssl/certs/ usr/share/ca-certificates/", "main"),
    p("python3-pip", "20.0.2-5ubuntu1.10|22.0.2+dfsg-1ubuntu0.5|24.0+dfsg-1ubuntu1.1|23.0.1+dfsg-1", 7216, 1306, "ca-certificates python3-distutils python3-setuptools python3-wheel python3", "build-essential python3-dev", "usr/bin/pip=pip usr/bin/pip3=pip usr/lib/python3/dist-packages/pip/", "universe"),
    p("python3-setuptools", "45.2.0-1ubuntu0.2|59.6.0-1.2ubuntu0.22.04.2|68.1.2-2ubuntu1.1|66.1.1-1", 2900, 340, "python3-pkg-resources", "", "usr/lib/python3/dist-packages/setuptools/", "main"),
    p("python3-pkg-resources", "45.2.0-1ubuntu0.2|59.6.0-1.2ubuntu0.22.04.2|68.1.2-2ubuntu1.1|66.1.1-1", 540, 133, "python3", "", "usr/lib/python3/dist-packages/pkg_resources/", "main"),
    p("python3-wheel", "0.34.2-1ubuntu0.1|0.37.1-2ubuntu0.22.04.1|0.42.0-2|0.38.4-2", 150, 32, "python3", "", "usr/lib/python3/dist-packages/wheel/", "universe"),
    p("python3-distutils", "3.8.10-0ubuntu1~20.04|3.10.8-1~22.04|3.12.3-0ubuntu1|3.11.2-3", 620, 139, "python3-lib2to3", "", "usr/lib/python{py}/distutils/", "main"),
    p("python3-lib2to3", "3.8.10-0ubuntu1~20.04|3.10.8-1~22.04|3.12.3-0ubuntu1|3.11.2-3", 400, 77, "", "", "", "main"),
    p("python3-dev", "3.8.2-0ubuntu2|3.10.6-1~22.04.1|3.12.3-0ubuntu2|3.11.2-1+b1", 40, 26, "python{py}-dev libpython3-dev", "", "", "main"),
    p("python{py}-dev", "3.8.10-0ubuntu1~20.04.12|3.10.12-1~22.04.6|3.12.3-1ubuntu0.2|3.11.2-6+deb12u3", 1800, 508, "libpython{py}-dev libexpat1-dev zlib1g-dev", "", "usr/include/python{py}/", "main"),
    p("libpython{py}-dev", "3.8.10-0ubuntu1~20.04.12|3.10.12-1~22.04.6|3.12.3-1ubuntu0.2|3.11.2-6+deb12u3", 23_000, 4761, "libpython{py}-stdlib", "", "", "main"),
    p("libpython3-dev", "3.8.2-0ubuntu2|3.10.6-1~22.04.1|3.12.3-0ubuntu2|3.11.2-1+b1", 30, 7, "libpython{py}-dev", "", "", "main"),
    p("libexpat1-dev", "2.2.9-1ubuntu0.7|2.4.7-1ubuntu0.4|2.6.1-2build1|2.5.0-1", 600, 147, "libexpat1", "", "", "main"),
    p("zlib1g-dev", "1:1.2.11.dfsg-2ubuntu1.5|1:1.2.11.dfsg-2ubuntu9.2|1:1.3.dfsg-3.1ubuntu2.1|1:1.2.13.dfsg-1", 590, 164, "", "", "", "main"),
    p("python3-venv", "3.8.2-0ubuntu2|3.10.6-1~22.04.1|3.12.3-0ubuntu2|3.11.2-1+b1", 20, 1, "python{py}-venv", "", "", "universe"),
    p("python{py}-venv", "3.8.10-0ubuntu1~20.04.12|3.10.12-1~22.04.6|3.12.3-1ubuntu0.2|3.11.2-6+deb12u3", 2800, 5716, "python3-pip-whl python3-setuptools-whl", "", "usr/lib/python{py}/ensurepip/", "universe"),
    p("python3-pip-whl", "20.0.2-5ubuntu1.10|22.0.2+dfsg-1ubuntu0.5|24.0+dfsg-1ubuntu1.1|23.0.1+dfsg-1", 2000, 1680, "", "", "", "universe"),
    p("python3-setuptools-whl", "45.2.0-1ubuntu0.2|59.6.0-1.2ubuntu0.22.04.2|68.1.2-2ubuntu1.1|66.1.1-1", 800, 789, "", "", "", "universe"),
    p("python-is-python3", "3.8.2-4|3.9.2-2|3.11.4-1|3.11.2-1+deb12u1", 20, 3, "python3", "", "usr/bin/python->python3", "main"),
    p("python3-flask", "1.1.1-2ubuntu0.1|2.0.1-2ubuntu1.1|3.0.2-1ubuntu1|2.2.2-3", 380, 81, "python3-werkzeug python3-jinja2 python3-click python3-itsdangerous python3", "", "usr/bin/flask=flask usr/lib/python3/dist-packages/flask/", "universe"),
    p("python3-werkzeug", "0.16.1+dfsg1-2ubuntu0.2|2.0.2+dfsg1-1ubuntu0.22.04.2|3.0.1-3ubuntu0.2|2.2.2-3", 900, 180, "python3", "", "usr/lib/python3/dist-packages/werkzeug/", "universe"),
    p("python3-jinja2", "2.10.1-2ubuntu0.3|3.0.3-1ubuntu0.4|3.1.2-1ubuntu1.2|3.1.2-1", 600, 108, "python3-markupsafe", "", "usr/lib/python3/dist-packages/jinja2/", "main"),
    p("python3-markupsafe", "1.1.0-1build2|2.0.1-2build1|2.1.5-1build2|2.1.2-1+b1", 60, 12, "python3", "", "usr/lib/python3/dist-packages/markupsafe/", "main"),
    p("python3-click", "7.0-3|8.0.3-1|8.1.6-2|8.1.3-2", 400, 78, "python3", "", "usr/lib/python3/dist-packages/click/", "main"),
    p("python3-itsdangerous", "1.1.0-1|2.1.0-1|2.1.2-4|2.1.2-3", 60, 16, "python3", "", "usr/lib/python3/dist-packages/itsdangerous/", "universe"),
    p("curl", "7.68.0-1ubuntu2.24|7.81.0-1ubuntu1.18|8.5.0-2ubuntu10.4|7.88.1-10+deb12u8", 453, 194, "libcurl4", "ca-certificates", "usr/bin/curl", "main"),
    p("libcurl4", "7.68.0-1ubuntu2.24|7.81.0-1ubuntu1.18|8.5.0-2ubuntu10.4|7.88.1-10+deb12u8", 787, 290, "libbrotli1 libnghttp2-14 libpsl5 librtmp1 libssh-4 libldap-2.5-0", "", "", "main"),
    p("libbrotli1", "1.0.7-6ubuntu0.1|1.0.9-2build6|1.1.0-2build2|1.0.9-2+b6", 774, 315, "", "", "", "main"),
    p("libnghttp2-14", "1.40.0-1ubuntu0.3|1.43.0-1ubuntu0.2|1.59.0-1ubuntu0.1|1.52.0-1+deb12u2", 212, 82, "", "", "", "main"),
    p("libpsl5", "0.21.0-1ubuntu1|0.21.0-1.2build2|0.21.2-1.1build1|0.21.2-1", 104, 58, "", "publicsuffix", "", "main"),
    p("publicsuffix", "20200303.0012-1|20211207.1025-1|20231001.0357-0.1|20230209.2326-1", 330, 126, "", "", "", "main"),
    p("librtmp1", "2.4+20151223.gitfa8646d.1-2build1|2.4+20151223.gitfa8646d.1-2build4|2.4+20151223.gitfa8646d.1-2build7|2.4+20151223.gitfa8646d.1-2+b2", 146, 58, "", "", "", "main"),
    p("libssh-4", "0.9.3-2ubuntu2.5|0.9.6-2ubuntu0.22.04.3|0.10.6-2build2|0.10.6-0+deb12u1", 486, 186, "", "", "", "main"),
    p("libldap-2.5-0", "2.4.49+dfsg-2ubuntu1.10|2.5.18+dfsg-0ubuntu0.22.04.2|2.6.7+dfsg-1~exp1ubuntu8|2.5.13+dfsg-5", 640, 183, "libsasl2-2", "libldap-common", "", "main"),
    p("libldap-common", "2.4.49+dfsg-2ubuntu1.10|2.5.18+dfsg-0ubuntu0.22.04.2|2.6.7+dfsg-1~exp1ubuntu8|2.5.13+dfsg-5", 100, 15, "", "", "", "main"),
    p("libsasl2-2", "2.1.27+dfsg-2ubuntu0.1|2.1.27+dfsg2-3ubuntu1.2|2.1.28+dfsg1-5ubuntu3.1|2.1.28+dfsg-10", 232, 53, "libsasl2-modules-db", "", "", "main"),
    p("libsasl2-modules-db", "2.1.27+dfsg-2ubuntu0.1|2.1.27+dfsg2-3ubuntu1.2|2.1.28+dfsg1-5ubuntu3.1|2.1.28+dfsg-10", 96, 20, "", "", "", "main"),
    p("wget", "1.20.3-1ubuntu2.1|1.21.2-2ubuntu1.1|1.21.4-1ubuntu4.1|1.21.3-1+b2", 3600, 339, "libpsl5 libssl3", "ca-certificates", "usr/bin/wget", "main"),
    p("git", "1:2.25.1-1ubuntu3.13|1:2.34.1-1ubuntu1.11|1:2.43.0-1ubuntu7.1|1:2.39.5-0+deb12u1", 36_000, 3166, "libcurl3-gnutls liberror-perl git-man perl", "ca-certificates less openssh-client patch", "usr/bin/git", "main"),
    p("libcurl3-gnutls", "7.68.0-1ubuntu2.24|7.81.0-1ubuntu1.18|8.5.0-2ubuntu10.4|7.88.1-10+deb12u8", 760, 284, "libbrotli1 libnghttp2-14 libpsl5 librtmp1 libssh-4 libldap-2.5-0", "", "", "main"),
    p("liberror-perl", "0.17029-1|0.17029-1|0.17029-2|0.17029-2", 40, 26, "perl", "", "", "main"),
    p("git-man", "1:2.25.1-1ubuntu3.13|1:2.34.1-1ubuntu1.11|1:2.43.0-1ubuntu7.1|1:2.39.5-0+deb12u1", 2100, 954, "", "", "", "main"),
    p("perl", "5.30.0-9ubuntu0.5|5.34.0-3ubuntu1.3|5.38.2-3.2build2|5.36.0-7+deb12u1", 710, 232, "perl-modules-5.34 libperl5.34", "", "usr/bin/perl", "main"),
    p("perl-modules-5.34", "5.30.0-9ubuntu0.5|5.34.0-3ubuntu1.3|5.38.2-3.2build2|5.36.0-7+deb12u1", 17_000, 2976, "", "", "", "main"),
    p("libperl5.34", "5.30.0-9ubuntu0.5|5.34.0-3ubuntu1.3|5.38.2-3.2build2|5.36.0-7+deb12u1", 28_000, 4246, "", "", "", "main"),
    p("less", "551-1ubuntu0.3|590-1ubuntu0.22.04.3|590-2ubuntu2.1|590-2.1~deb12u2", 330, 142, "", "", "usr/bin/less", "main"),
    p("openssh-client", "1:8.2p1-4ubuntu0.11|1:8.9p1-3ubuntu0.10|1:9.6p1-3ubuntu13.5|1:9.2p1-2+deb12u3", 5000, 906, "libcbor0.8 libfido2-1", "xauth", "usr/bin/ssh usr/bin/scp usr/bin/ssh-keygen", "main"),
    p("libcbor0.8", "0.6.0-0ubuntu1|0.8.0-2ubuntu1|0.10.2-1.2ubuntu2|0.8.0-2+b1", 72, 24, "", "", "", "main"),
    p("libfido2-1", "1.3.1-1ubuntu2|1.10.0-1|1.14.0-1build3|1.12.0-2+b1", 240, 82, "", "", "", "main"),
    p("patch", "2.7.6-6|2.7.6-7build2|2.7.6-7build3|2.7.6-7", 220, 109, "", "", "usr/bin/patch", "main"),
    p("xauth", "1:1.1-0ubuntu1|1:1.1-1build2|1:1.1.2-1build1|1:1.1.2-1", 80, 25, "libx11-6 libxmuu1", "", "usr/bin/xauth", "main"),
    p("libxmuu1", "2:1.1.3-0ubuntu1|2:1.1.3-3|2:1.1.3-3build2|2:1.1.3-3", 40, 10, "libx11-6", "", "", "main"),
    p("libx11-6", "2:1.6.9-2ubuntu1.6|2:1.7.5-1ubuntu0.3|2:1.8.7-1build1|2:1.8.4-2+deb12u2", 1500, 667, "libxcb1 libx11-data", "", "", "main"),
    p("libx11-data", "2:1.6.9-2ubuntu1.6|2:1.7.5-1ubuntu0.3|2:1.8.7-1build1|2:1.8.4-2+deb12u2", 1400, 113, "", "", "", "main"),
    p("libxcb1", "1.14-2|1.14-3ubuntu3|1.15-1ubuntu2|1.15-1", 180, 49, "libxau6 libxdmcp6", "", "", "main"),
    p("libxau6", "1:1.0.9-0ubuntu1|1:1.0.9-1build5|1:1.0.9-1build6|1:1.0.9-1", 30, 7, "", "", "", "main"),
    p("libxdmcp6", "1:1.1.3-0ubuntu1|1:1.1.3-0ubuntu5|1:1.1.3-0ubuntu6|1:1.1.2-3", 40, 11, "libbsd0", "", "", "main"),
    p("libbsd0", "0.10.0-1|0.11.5-1|0.12.1-1build1|0.11.7-2", 190, 46, "libmd0", "", "", "main"),
    p("libmd0", "1.0.2-1|1.0.4-1build1|1.1.0-2build1|1.0.4-2", 60, 23, "", "", "", "main"),
    p("nginx", "1.18.0-0ubuntu1.5|1.18.0-6ubuntu14.5|1.24.0-2ubuntu7.1|1.22.1-9", 1300, 490, "nginx-common libnginx-mod-http-geoip2", "", "usr/sbin/nginx etc/nginx/ var/www/html/", "main"),
    p("nginx-common", "1.18.0-0ubuntu1.5|1.18.0-6ubuntu14.5|1.24.0-2ubuntu7.1|1.22.1-9", 220, 40, "", "", "etc/nginx/sites-available/", "main"),
    p("libnginx-mod-http-geoip2", "1.18.0-0ubuntu1.5|1.18.0-6ubuntu14.5|1.24.0-2ubuntu7.1|1.22.1-9", 80, 12, "libmaxminddb0", "", "", "main"),
    p("libmaxminddb0", "1.4.2-0ubuntu1.20.04.1|1.5.2-1build2|1.9.1-1build1|1.7.1-1", 60, 24, "", "", "", "main"),
    p("vim", "2:8.1.2269-1ubuntu5.23|2:8.2.3995-1ubuntu2.21|2:9.1.0016-1ubuntu7.5|2:9.0.1378-2", 4000, 1735, "vim-common vim-runtime libgpm2 libsodium23", "", "usr/bin/vim.basic usr/bin/vim->vim.basic usr/bin/vi->vim.basic", "main"),
    p("vim-common", "2:8.1.2269-1ubuntu5.23|2:8.2.3995-1ubuntu2.21|2:9.1.0016-1ubuntu7.5|2:9.0.1378-2", 380, 81, "", "", "", "main"),
    p("vim-runtime", "2:8.1.2269-1ubuntu5.23|2:8.2.3995-1ubuntu2.21|2:9.1.0016-1ubuntu7.5|2:9.0.1378-2", 33_000, 6835, "", "", "", "main"),
    p("libgpm2", "1.20.7-5|1.20.7-10build1|1.20.7-11|1.20.7-10+b1", 40, 15, "", "", "", "main"),
    p("libsodium23", "1.0.18-1|1.0.18-1build2|1.0.18-1build3|1.0.18-1", 380, 164, "", "", "", "main"),
    p("nano", "4.8-1ubuntu1|6.2-1ubuntu0.1|7.2-2ubuntu0.1|7.2-1+deb12u1", 880, 280, "", "", "usr/bin/nano", "main"),
    p("build-essential", "12.8ubuntu1.1|12.9ubuntu3|12.10ubuntu1|12.9", 20, 5, "gcc g++ make dpkg-dev libc6-dev", "", "", "main"),
    p("gcc", "4:9.3.0-1ubuntu2|4:11.2.0-1ubuntu1|4:13.2.0-7ubuntu1|4:12.2.0-3", 50, 5, "gcc-11 cpp", "", "usr/bin/gcc->gcc-11 usr/bin/cc->gcc", "main"),
    p("gcc-11", "9.4.0-1ubuntu1~20.04.2|11.4.0-1ubuntu1~22.04|13.2.0-23ubuntu4|12.2.0-14", 54_000, 20_459, "cpp-11 libgcc-11-dev binutils", "", "usr/bin/gcc-11", "main"),
    p("cpp", "4:9.3.0-1ubuntu2|4:11.2.0-1ubuntu1|4:13.2.0-7ubuntu1|4:12.2.0-3", 60, 27, "cpp-11", "", "usr/bin/cpp->cpp-11", "main"),
    p("cpp-11", "9.4.0-1ubuntu1~20.04.2|11.4.0-1ubuntu1~22.04|13.2.0-23ubuntu4|12.2.0-14", 27_000, 10_000, "libisl23 libmpc3 libmpfr6", "", "usr/bin/cpp-11", "main"),
    p("g++", "4:9.3.0-1ubuntu2|4:11.2.0-1ubuntu1|4:13.2.0-7ubuntu1|4:12.2.0-3", 20, 1, "g++-11 gcc", "", "usr/bin/g++->g++-11", "main"),
    p("g++-11", "9.4.0-1ubuntu1~20.04.2|11.4.0-1ubuntu1~22.04|13.2.0-23ubuntu4|12.2.0-14", 31_000, 11_400, "libstdc++-11-dev gcc-11", "", "usr/bin/g++-11", "main"),
    p("libstdc++-11-dev", "9.4.0-1ubuntu1~20.04.2|11.4.0-1ubuntu1~22.04|13.2.0-23ubuntu4|12.2.0-14", 19_000, 2103, "", "", "", "main"),
    p("libgcc-11-dev", "9.4.0-1ubuntu1~20.04.2|11.4.0-1ubuntu1~22.04|13.2.0-23ubuntu4|12.2.0-14", 8000, 2517, "libasan6 libtsan0 libubsan1", "", "", "main"),
    p("libasan6", "9.4.0-1ubuntu1~20.04.2|11.4.0-1ubuntu1~22.04|13.2.0-23ubuntu4|12.2.0-14", 7700, 2282, "", "", "", "main"),
    p("libtsan0", "9.4.0-1ubuntu1~20.04.2|11.4.0-1ubuntu1~22.04|13.2.0-23ubuntu4|12.2.0-14", 7200, 2262, "", "", "", "main"),
    p("libubsan1", "9.4.0-1ubuntu1~20.04.2|11.4.0-1ubuntu1~22.04|13.2.0-23ubuntu4|12.2.0-14", 2700, 976, "", "", "", "main"),
    p("libisl23", "0.22.1-1|0.24-2build1|0.26-3build1|0.25-1.1", 2600, 727, "", "", "", "main"),
    p("libmpc3", "1.1.0-1|1.2.1-2build1|1.3.1-1build1|1.3.1-1", 130, 55, "libmpfr6", "", "", "main"),
    p("libmpfr6", "4.0.2-1|4.1.0-3build3|4.2.1-1build1|4.2.0-1", 1300, 358, "", "", "", "main"),
    p("binutils", "2.34-6ubuntu1.9|2.38-4ubuntu2.6|2.42-4ubuntu2.3|2.40-2", 100, 3200, "binutils-common libbinutils", "", "usr/bin/ld usr/bin/as usr/bin/ar usr/bin/strip", "main"),
    p("binutils-common", "2.34-6ubuntu1.9|2.38-4ubuntu2.6|2.42-4ubuntu2.3|2.40-2", 900, 222, "", "", "", "main"),
    p("libbinutils", "2.34-6ubuntu1.9|2.38-4ubuntu2.6|2.42-4ubuntu2.3|2.40-2", 2900, 662, "", "", "", "main"),
    p("make", "4.2.1-1.2|4.3-4.1build1|4.3-4.1build2|4.3-4.1", 410, 180, "", "", "usr/bin/make", "main"),
    p("dpkg-dev", "1.19.7ubuntu3.2|1.21.1ubuntu2.3|1.22.6ubuntu6.1|1.21.22", 1700, 1174, "patch make binutils", "", "usr/bin/dpkg-buildpackage", "main"),
    p("libc6-dev", "2.31-0ubuntu9.16|2.35-0ubuntu3.8|2.39-0ubuntu8.3|2.36-9+deb12u9", 12_000, 2100, "libc-dev-bin linux-libc-dev libcrypt-dev", "", "usr/include/", "main"),
    p("libc-dev-bin", "2.31-0ubuntu9.16|2.35-0ubuntu3.8|2.39-0ubuntu8.3|2.36-9+deb12u9", 150, 20, "", "", "", "main"),
    p("linux-libc-dev", "5.4.0-200.220|5.15.0-126.136|6.8.0-49.49|6.1.115-1", 6900, 1300, "", "", "", "main"),
    p("libcrypt-dev", "1:4.4.10-10ubuntu4|1:4.4.27-1|1:4.4.36-4build1|1:4.4.33-2", 300, 112, "", "", "", "main"),
    p("openjdk-17-jre-headless", "17.0.12+7-1ubuntu2~20.04|17.0.12+7-1ubuntu2~22.04|17.0.12+7-1ubuntu2~24.04|17.0.13+11-2~deb12u1", 195_000, 48_200, "ca-certificates-java java-common", "", "usr/lib/jvm/java-17-openjdk-amd64/bin/java usr/bin/java->/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "main"),
    p("openjdk-17-jdk-headless", "17.0.12+7-1ubuntu2~20.04|17.0.12+7-1ubuntu2~22.04|17.0.12+7-1ubuntu2~24.04|17.0.13+11-2~deb12u1", 230_000, 71_500, "openjdk-17-jre-headless", "", "usr/lib/jvm/java-17-openjdk-amd64/bin/javac usr/bin/javac->/usr/lib/jvm/java-17-openjdk-amd64/bin/javac", "main"),
    p("openjdk-17-jdk", "17.0.12+7-1ubuntu2~20.04|17.0.12+7-1ubuntu2~22.04|17.0.12+7-1ubuntu2~24.04|17.0.13+11-2~deb12u1", 3000, 1800, "openjdk-17-jdk-headless libx11-6", "", "", "main"),
    p("ca-certificates-java", "20190405ubuntu1.1|20190909ubuntu1.2|20240118|20230710~deb12u1", 50, 12, "ca-certificates", "", "", "main"),
    p("java-common", "0.72|0.72build2|0.75+exp1|0.74", 30, 6, "", "", "", "main"),
    p("nodejs", "10.19.0~dfsg-3ubuntu1.6|12.22.9~dfsg-1ubuntu3.6|18.19.1+dfsg-6ubuntu5|18.19.0+dfsg-6~deb12u2", 900, 122, "libnode72", "", "usr/bin/node usr/bin/nodejs->node", "universe"),
    p("libnode72", "10.19.0~dfsg-3ubuntu1.6|12.22.9~dfsg-1ubuntu3.6|18.19.1+dfsg-6ubuntu5|18.19.0+dfsg-6~deb12u2", 45_000, 10_800, "libuv1", "", "", "universe"),
    p("libuv1", "1.34.2-1ubuntu1.5|1.43.0-1ubuntu0.1|1.48.0-1.1build1|1.44.2-1", 330, 93, "", "", "", "main"),
    p("npm", "6.14.4+ds-1ubuntu2|8.5.1~ds-1|9.2.0~ds1-2|9.2.0~ds1-1", 7000, 1948, "nodejs", "", "usr/bin/npm usr/bin/npx", "universe"),
    p("mysql-client", "8.0.40-0ubuntu0.20.04.1|8.0.40-0ubuntu0.22.04.1|8.0.40-0ubuntu0.24.04.1|-", 40, 9, "mysql-client-8.0", "", "", "main"),
    p("mysql-client-8.0", "8.0.40-0ubuntu0.20.04.1|8.0.40-0ubuntu0.22.04.1|8.0.40-0ubuntu0.24.04.1|-", 76_000, 2700, "mysql-client-core-8.0", "", "usr/bin/mysqldump", "main"),
    p("mysql-client-core-8.0", "8.0.40-0ubuntu0.20.04.1|8.0.40-0ubuntu0.22.04.1|8.0.40-0ubuntu0.24.04.1|-", 60_000, 2900, "", "", "usr/bin/mysql", "main"),
    p("default-mysql-client", "-|-|-|1.1.0", 30, 3, "mariadb-client", "", "", "main"),
    p("mariadb-client", "-|-|-|1:10.11.6-0+deb12u1", 50_000, 2800, "", "", "usr/bin/mariadb usr/bin/mysql->mariadb", "main"),
    p("chromium", "-|-|-|130.0.6723.116-1~deb12u1", 285_000, 78_000, "libgtk-3-0 libasound2 libx11-6 fonts-liberation", "", "usr/bin/chromium", "main"),
    p("chromium-browser", "1:85.0.4183.83-0ubuntu0.20.04.3|1:85.0.4183.83-0ubuntu2.22.04.1|2:1snap1-0ubuntu2|-", 150, 49, "snapd", "", "usr/bin/chromium-browser", "universe"),
    p("snapd", "2.63+20.04ubuntu0.1|2.63+22.04ubuntu0.1|2.63.1+24.04|-", 100_000, 26_000, "", "", "usr/bin/snap", "main"),
    p("libgtk-3-0", "3.24.20-0ubuntu1.2|3.24.33-1ubuntu2.2|3.24.41-4ubuntu1.2|3.24.38-2~deb12u3", 9000, 3075, "libx11-6 fonts-liberation", "", "", "main"),
    p("libasound2", "1.2.2-2.1ubuntu2.5|1.2.6.1-1ubuntu1|1.2.11-1build2|1.2.8-1+b1", 1200, 391, "", "", "", "main"),
    p("dbus-x11", "1.12.16-2ubuntu2.3|1.12.20-2ubuntu4.1|1.14.10-4ubuntu4.1|1.14.10-1~deb12u1", 100, 22, "libx11-6", "", "usr/bin/dbus-launch", "main"),
    p("fonts-liberation", "1:1.07.4-11|1:1.07.4-11|1:1.07.4-11.1|1:1.07.4-11", 2000, 822, "", "", "usr/share/fonts/truetype/liberation/", "main"),
    p("gnupg", "2.2.19-3ubuntu2.2|2.2.27-3ubuntu2.1|2.4.4-2ubuntu17|2.2.40-1.1", 400, 316, "gpg", "", "usr/bin/gpg-agent", "main"),
    p("gpg", "2.2.19-3ubuntu2.2|2.2.27-3ubuntu2.1|2.4.4-2ubuntu17|2.2.40-1.1", 1100, 475, "", "", "usr/bin/gpg", "main"),
    p("unzip", "6.0-25ubuntu1.2|6.0-26ubuntu3.2|6.0-28ubuntu4.1|6.0-28", 390, 174, "", "", "usr/bin/unzip", "main"),
    p("jq", "1.6-1ubuntu0.20.04.1|1.6-2.1ubuntu3|1.7.1-3build1|1.6-2.1", 100, 52, "libjq1", "", "usr/bin/jq", "universe"),
    p("libjq1", "1.6-1ubuntu0.20.04.1|1.6-2.1ubuntu3|1.7.1-3build1|1.6-2.1", 360, 133, "libonig5", "", "", "universe"),
    p("libonig5", "6.9.4-1|6.9.7.1-2build1|6.9.9-1build1|6.9.8-1", 580, 172, "", "", "", "universe"),
    p("iputils-ping", "3:20190709-3ubuntu1|3:20211215-1|3:20240117-1build1|3:20221126-1", 116, 42, "", "", "usr/bin/ping", "main"),
    p("net-tools", "1.60+git20180626.aebd88e-1ubuntu1|1.60+git20181103.0eebece-1ubuntu5|2.10-0.1ubuntu4|2.10-0.1", 800, 204, "", "", "usr/bin/netstat usr/sbin/ifconfig usr/sbin/route", "main"),
    p("procps", "2:3.3.16-1ubuntu2.4|2:3.3.17-6ubuntu2.1|2:4.0.4-4ubuntu3.2|2:4.0.2-3", 1400, 378, "libprocps8", "", "usr/bin/ps usr/bin/top usr/bin/free usr/bin/kill", "main"),
    p("libprocps8", "2:3.3.16-1ubuntu2.4|2:3.3.17-6ubuntu2.1|2:4.0.4-4ubuntu3.2|2:4.0.2-3", 130, 36, "", "", "", "main"),
    p("sudo", "1.8.31-1ubuntu1.5|1.9.9-1ubuntu2.4|1.9.15p5-3ubuntu5|1.9.13p3-1+deb12u1", 2500, 820, "", "", "usr/bin/sudo", "main"),
    p("tzdata", "2024a-0ubuntu0.20.04.1|2024a-0ubuntu0.22.04.1|2024a-3ubuntu1.1|2024a-0+deb12u1", 3900, 349, "", "", "usr/share/zoneinfo/", "main"),
    p("locales", "2.31-0ubuntu9.16|2.35-0ubuntu3.8|2.39-0ubuntu8.3|2.36-9+deb12u9", 17_000, 4246, "", "", "usr/sbin/locale-gen", "main"),
    p("software-properties-common", "0.99.9.12|0.99.22.9|0.99.48|0.99.30-4.1~deb12u1", 200, 14, "python3 gpg ca-certificates", "", "usr/bin/add-apt-repository", "main"),
];

/// Looks a package up by name on a release (`{py}` names are matched for the release's Python).
pub fn find(name: &str, python_minor: &str) -> Option<&'static DebPackage> {
    PACKAGES.iter().find(|pkg| pkg.name == name || pkg.name.replace("{py}", python_minor) == name)
}
