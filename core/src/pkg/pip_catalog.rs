//! The PyPI catalog: distribution names, versions, wheel and installed sizes, dependencies, the
//! import name and console scripts.

/// One distribution on the simulated PyPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PyPackage {
    /// The canonical project name as pip prints it in `Successfully installed`.
    pub name: &'static str,
    /// The version pip picks.
    pub version: &'static str,
    /// The wheel file name suffix (`py3-none-any` or a platform tag).
    pub tag: &'static str,
    /// Wheel download size in kB.
    pub wheel_kb: u64,
    /// Installed size in kB.
    pub installed_kb: u64,
    /// Dependencies (lower-case names).
    pub depends: &'static str,
    /// The top-level import package directory.
    pub module: &'static str,
    /// Console scripts (`name`) created in the scripts directory.
    pub scripts: &'static str,
}

#[allow(clippy::too_many_arguments)]
const fn py(
    name: &'static str,
    version: &'static str,
    tag: &'static str,
    wheel_kb: u64,
    installed_kb: u64,
    depends: &'static str,
    module: &'static str,
    scripts: &'static str,
) -> PyPackage {
    PyPackage { name, version, tag, wheel_kb, installed_kb, depends, module, scripts }
}

const ANY: &str = "py3-none-any";

/// Every distribution the simulated index has.
pub const PACKAGES: &[PyPackage] = &[
    py("flask", "3.0.3", ANY, 101, 460, "werkzeug jinja2 itsdangerous click blinker", "flask", "flask"),
    py("Werkzeug", "3.0.3", ANY, 227, 1100, "markupsafe", "werkzeug", ""),
    py("Jinja2", "3.1.4", ANY, 133, 800, "markupsafe", "jinja2", ""),
    py("MarkupSafe", "2.1.5", "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64", 28, 60, "", "markupsafe", ""),
    py("itsdangerous", "2.2.0", ANY, 16, 60, "", "itsdangerous", ""),
    py("click", "8.1.7", ANY, 97, 450, "", "click", ""),
    py("blinker", "1.8.2", ANY, 9, 30, "", "blinker", ""),
    py("flask-mysql", "1.5.2", "py2.py3-none-any", 4, 12, "flask pymysql", "flaskext", ""),
    py("PyMySQL", "1.1.1", ANY, 44, 250, "", "pymysql", ""),
    py("requests", "2.32.3", ANY, 64, 240, "charset-normalizer idna urllib3 certifi", "requests", ""),
    py(
        "charset-normalizer",
        "3.3.2",
        "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64",
        141,
        500,
        "",
        "charset_normalizer",
        "normalizer",
    ),
    py("idna", "3.7", ANY, 66, 350, "", "idna", ""),
    py("urllib3", "2.2.2", ANY, 121, 560, "", "urllib3", ""),
    py("certifi", "2024.7.4", ANY, 162, 310, "", "certifi", ""),
    py("django", "5.0.7", ANY, 8_200, 38_000, "asgiref sqlparse", "django", "django-admin"),
    py("asgiref", "3.8.1", ANY, 23, 110, "", "asgiref", ""),
    py("sqlparse", "0.5.1", ANY, 44, 210, "", "sqlparse", "sqlformat"),
    py("gunicorn", "22.0.0", ANY, 84, 400, "packaging", "gunicorn", "gunicorn"),
    py("packaging", "24.1", ANY, 53, 220, "", "packaging", ""),
    py(
        "numpy",
        "2.0.1",
        "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64",
        19_500,
        72_000,
        "",
        "numpy",
        "f2py numpy-config",
    ),
    py(
        "pandas",
        "2.2.2",
        "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64",
        12_700,
        70_000,
        "numpy python-dateutil pytz tzdata",
        "pandas",
        "",
    ),
    py("python-dateutil", "2.9.0.post0", "py2.py3-none-any", 229, 750, "six", "dateutil", ""),
    py("six", "1.16.0", "py2.py3-none-any", 11, 40, "", "six", ""),
    py("pytz", "2024.1", "py2.py3-none-any", 505, 2_800, "", "pytz", ""),
    py("tzdata", "2024.1", "py2.py3-none-any", 345, 1_900, "", "tzdata", ""),
    py("redis", "5.0.7", ANY, 252, 1_100, "", "redis", ""),
    py(
        "psycopg2-binary",
        "2.9.9",
        "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64",
        3_000,
        9_600,
        "",
        "psycopg2",
        "",
    ),
    py("pytest", "8.3.2", ANY, 341, 1_500, "iniconfig packaging pluggy", "pytest", "pytest py.test"),
    py("iniconfig", "2.0.0", ANY, 6, 20, "", "iniconfig", ""),
    py("pluggy", "1.5.0", ANY, 20, 90, "", "pluggy", ""),
    py("fastapi", "0.111.1", ANY, 92, 500, "starlette pydantic typing-extensions", "fastapi", "fastapi"),
    py("starlette", "0.37.2", ANY, 71, 340, "anyio", "starlette", ""),
    py("anyio", "4.4.0", ANY, 86, 400, "idna sniffio", "anyio", ""),
    py("sniffio", "1.3.1", ANY, 10, 30, "", "sniffio", ""),
    py("pydantic", "2.8.2", ANY, 423, 1_900, "annotated-types pydantic-core typing-extensions", "pydantic", ""),
    py(
        "pydantic_core",
        "2.20.1",
        "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64",
        2_100,
        5_700,
        "typing-extensions",
        "pydantic_core",
        "",
    ),
    py("annotated-types", "0.7.0", ANY, 13, 50, "", "annotated_types", ""),
    py("typing_extensions", "4.12.2", ANY, 37, 140, "", "typing_extensions", ""),
    py("uvicorn", "0.30.3", ANY, 62, 300, "click h11", "uvicorn", "uvicorn"),
    py("h11", "0.14.0", ANY, 58, 260, "", "h11", ""),
    py("pip", "24.2", ANY, 1_800, 9_300, "", "pip", "pip pip3"),
    py("setuptools", "72.1.0", ANY, 2_300, 8_900, "", "setuptools", ""),
    py("wheel", "0.43.0", ANY, 65, 250, "", "wheel", "wheel"),
    // Databases and ORMs.
    py("SQLAlchemy", "2.0.31", CP312, 3_100, 15_500, "greenlet typing-extensions", "sqlalchemy", ""),
    py("greenlet", "3.0.3", CP312, 620, 1_300, "", "greenlet", ""),
    py("Flask-SQLAlchemy", "3.1.1", ANY, 25, 90, "flask sqlalchemy", "flask_sqlalchemy", ""),
    py("mysql-connector-python", "9.0.0", CP312, 21_000, 71_000, "", "mysql", ""),
    // Configuration and parsing.
    py("python-dotenv", "1.0.1", ANY, 19, 80, "", "dotenv", "dotenv"),
    py("PyYAML", "6.0.1", CP312, 705, 2_500, "", "yaml", ""),
    py("beautifulsoup4", "4.12.3", ANY, 147, 700, "soupsieve", "bs4", ""),
    py("soupsieve", "2.5", ANY, 36, 160, "", "soupsieve", ""),
    // HTTP clients.
    py("httpx", "0.27.0", ANY, 75, 340, "anyio certifi httpcore idna sniffio", "httpx", "httpx"),
    py("httpcore", "1.0.5", ANY, 77, 360, "certifi h11", "httpcore", ""),
    py("aiohttp", "3.9.5", CP312, 1_300, 7_300, "aiosignal attrs frozenlist multidict yarl", "aiohttp", ""),
    py("aiosignal", "1.3.1", ANY, 8, 30, "frozenlist", "aiosignal", ""),
    py("attrs", "23.2.0", ANY, 60, 300, "", "attrs", ""),
    py("frozenlist", "1.4.1", CP312, 280, 700, "", "frozenlist", ""),
    py("multidict", "6.0.5", CP312, 130, 500, "", "multidict", ""),
    py("yarl", "1.9.4", CP312, 330, 1_300, "idna multidict", "yarl", ""),
    py("boto3", "1.34.149", ANY, 139, 800, "botocore jmespath s3transfer", "boto3", ""),
    py("botocore", "1.34.149", ANY, 12_400, 83_000, "jmespath python-dateutil urllib3", "botocore", ""),
    py("jmespath", "1.0.1", ANY, 20, 100, "", "jmespath", "jp.py"),
    py("s3transfer", "0.10.2", ANY, 82, 400, "botocore", "s3transfer", ""),
    py(
        "openai",
        "1.37.1",
        ANY,
        337,
        2_700,
        "anyio distro httpx jiter pydantic sniffio tqdm typing-extensions",
        "openai",
        "openai",
    ),
    py("distro", "1.9.0", ANY, 20, 90, "", "distro", "distro"),
    py("jiter", "0.5.0", CP312, 320, 800, "", "jiter", ""),
    py("tqdm", "4.66.4", ANY, 78, 350, "", "tqdm", "tqdm"),
    // Science and images.
    py("scipy", "1.14.0", CP312, 41_000, 115_000, "numpy", "scipy", ""),
    py("scikit-learn", "1.5.1", CP312, 13_300, 44_000, "joblib numpy scipy threadpoolctl", "sklearn", ""),
    py("joblib", "1.4.2", ANY, 301, 1_700, "", "joblib", ""),
    py("threadpoolctl", "3.5.0", ANY, 18, 70, "", "threadpoolctl", ""),
    py(
        "matplotlib",
        "3.9.1",
        CP312,
        8_300,
        28_000,
        "contourpy cycler fonttools kiwisolver numpy packaging pillow pyparsing python-dateutil",
        "matplotlib",
        "",
    ),
    py("contourpy", "1.2.1", CP312, 309, 900, "numpy", "contourpy", ""),
    py("cycler", "0.12.1", ANY, 8, 30, "", "cycler", ""),
    py("fonttools", "4.53.1", CP312, 4_900, 20_000, "", "fontTools", "fonttools pyftmerge pyftsubset ttx"),
    py("kiwisolver", "1.4.5", CP312, 1_500, 3_700, "", "kiwisolver", ""),
    py("pyparsing", "3.1.2", ANY, 103, 500, "", "pyparsing", ""),
    py("pillow", "10.4.0", CP312, 4_500, 13_000, "", "PIL", ""),
    // Tools.
    py(
        "black",
        "24.4.2",
        CP312,
        1_800,
        5_600,
        "click mypy-extensions packaging pathspec platformdirs",
        "black",
        "black blackd",
    ),
    py("mypy-extensions", "1.0.0", ANY, 5, 20, "", "mypy_extensions", ""),
    py("pathspec", "0.12.1", ANY, 31, 150, "", "pathspec", ""),
    py("platformdirs", "4.2.2", ANY, 18, 80, "", "platformdirs", ""),
];

/// The wheel tag of a compiled CPython 3.12 distribution.
const CP312: &str = "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64";

/// Finds a distribution by name (case-insensitive, `-` and `_` equivalent).
pub fn find(name: &str) -> Option<&'static PyPackage> {
    if name.is_ascii() {
        // The catalog's names are ASCII, so ASCII folding is PEP 503 normalization here, without
        // allocating two strings per catalog entry.
        let fold = |byte: u8| if matches!(byte, b'_' | b'.') { b'-' } else { byte.to_ascii_lowercase() };
        let same = |pkg: &&PyPackage| {
            pkg.name.len() == name.len() && pkg.name.bytes().zip(name.bytes()).all(|(a, b)| fold(a) == fold(b))
        };
        return PACKAGES.iter().find(same);
    }
    let key = normalize(name);
    PACKAGES.iter().find(|pkg| normalize(pkg.name) == key)
}

/// PEP 503 normalization.
pub fn normalize(name: &str) -> String {
    name.to_lowercase().replace(['_', '.'], "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every dependency a distribution names is in the catalog, so no install of a known
    /// distribution fails on a missing dependency.
    #[test]
    fn dependencies_are_in_the_catalog() {
        for pkg in PACKAGES {
            for dep in pkg.depends.split_whitespace() {
                assert!(find(dep).is_some(), "{} depends on {dep}, which the catalog does not have", pkg.name);
            }
        }
    }

    /// The ASCII shortcut finds what PEP 503 normalization of both names finds.
    #[test]
    fn find_agrees_with_normalization() {
        let slow = |name: &str| PACKAGES.iter().find(|pkg| normalize(pkg.name) == normalize(name));
        let mut names: Vec<String> = Vec::new();
        for pkg in PACKAGES {
            names.push(pkg.name.to_string());
            names.push(pkg.name.to_uppercase());
            names.push(pkg.name.replace('-', "_"));
            names.push(pkg.name.replace(['-', '_'], "."));
            names.push(format!("{}x", pkg.name));
        }
        names.extend(["", "-", "FLASK", "flas\u{212A}", "Fl\u{e4}sk"].map(String::from));
        for name in &names {
            assert_eq!(find(name).map(|pkg| pkg.name), slow(name).map(|pkg| pkg.name), "{name}");
        }
    }
}
