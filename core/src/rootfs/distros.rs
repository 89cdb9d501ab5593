//! Base distribution layers: Ubuntu 20.04/22.04/24.04, Debian bookworm (and slim), Alpine and
//! busybox, with their real `/etc/os-release`, users, shells, core programs and total sizes.

use super::builder::LayerBuilder;
use crate::fs::Layer;

/// GNU coreutils and friends shipped by every Debian-family image.
const GNU_BINS: &str = "cat chmod chown chgrp cp date dd df dir echo false ln ls mkdir mknod mktemp mv pwd readlink rm rmdir sleep stty sync touch true uname basename cut dirname du env expr head id install link md5sum nice nohup nproc od paste printenv printf realpath seq sha256sum sort split stat tail tee test [ timeout tr tty uniq unlink wc whoami yes getent grep egrep fgrep sed tar gzip gunzip zcat find xargs hostname which mount umount su login passwd chsh bash dash dpkg dpkg-query apt apt-get apt-cache apt-config apt-mark mawk diff cmp perl";
const GNU_SBINS: &str =
    "useradd groupadd userdel groupdel usermod adduser addgroup deluser chpasswd ldconfig start-stop-daemon";

/// Busybox applets linked in an Alpine or busybox image.
const BUSYBOX_BIN: &str = "sh ash cat chmod chown cp date dd df echo false grep egrep hostname ln ls mkdir mktemp mv ping ps pwd rm rmdir sed sleep stat tar touch true uname gzip gunzip zcat more mount umount su login";
const BUSYBOX_USR_BIN: &str = "basename cut dirname du env expr find head id install md5sum nproc od printf readlink realpath seq sha256sum sort tail tee test [ timeout tr uniq wc wget which whoami xargs yes awk less nc vi";
const BUSYBOX_SBIN: &str = "adduser addgroup deluser delgroup ifconfig route";

fn debian_users(extra_ubuntu: bool) -> (String, String) {
    let mut passwd = String::from(
        "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\nsys:x:3:3:sys:/dev:/usr/sbin/nologin\nsync:x:4:65534:sync:/bin:/bin/sync\ngames:x:5:60:games:/usr/games:/usr/sbin/nologin\nman:x:6:12:man:/var/cache/man:/usr/sbin/nologin\nlp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin\nmail:x:8:8:mail:/var/mail:/usr/sbin/nologin\nnews:x:9:9:news:/var/spool/news:/usr/sbin/nologin\nuucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin\nproxy:x:13:13:proxy:/bin:/usr/sbin/nologin\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nbackup:x:34:34:backup:/var/backups:/usr/sbin/nologin\nlist:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin\nirc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin\n",
    );
    let mut group = String::from(
        "root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nlp:x:7:\nmail:x:8:\nnews:x:9:\nuucp:x:10:\nman:x:12:\nproxy:x:13:\nkmem:x:15:\ndialout:x:20:\nfax:x:21:\nvoice:x:22:\ncdrom:x:24:\nfloppy:x:25:\ntape:x:26:\nsudo:x:27:\naudio:x:29:\ndip:x:30:\nwww-data:x:33:\nbackup:x:34:\noperator:x:37:\nlist:x:38:\nirc:x:39:\nsrc:x:40:\nshadow:x:42:\nutmp:x:43:\nvideo:x:44:\nsasl:x:45:\nplugdev:x:46:\nstaff:x:50:\ngames:x:60:\nusers:x:100:\nnogroup:x:65534:\n",
    );
    passwd.push_str(
        "_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
    );
    if extra_ubuntu {
        passwd.push_str("ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n");
        group.push_str("ubuntu:x:1000:\n");
    }
    (passwd, group)
}

const BASE_PACKAGES: &str = "adduser apt base-files base-passwd bash bsdutils coreutils dash debconf debianutils diffutils dpkg e2fsprogs findutils gcc-12-base gpgv grep gzip hostname init-system-helpers libacl1 libapt-pkg6.0 libattr1 libaudit1 libblkid1 libbz2-1.0 libc-bin libc6 libcap-ng0 libcap2 libcom-err2 libcrypt1 libdb5.3 libdebconfclient0 libgcc-s1 libgcrypt20 libgmp10 libgnutls30 libgpg-error0 liblz4-1 liblzma5 libmount1 libncursesw6 libnettle8 libp11-kit0 libpam-modules libpam-runtime libpam0g libpcre2-8-0 libseccomp2 libselinux1 libsemanage2 libsepol2 libsmartcols1 libss2 libssl3 libstdc++6 libsystemd0 libtasn1-6 libtinfo6 libudev1 libunistring2 libuuid1 libxxhash0 libzstd1 login logsave mawk mount ncurses-base ncurses-bin passwd perl-base procps sed sensible-utils sysvinit-utils tar tzdata-legacy usrmerge util-linux zlib1g";

/// The Debian-family base: `flavor` is `focal`, `jammy`, `noble`, `bookworm` or `bookworm-slim`.
pub(crate) fn debian_family(flavor: &str) -> Layer {
    let (os_release, debian_version, total, ubuntu_user, merged) = match flavor {
        "focal" => (
            "NAME=\"Ubuntu\"\nVERSION=\"20.04.6 LTS (Focal Fossa)\"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME=\"Ubuntu 20.04.6 LTS\"\nVERSION_ID=\"20.04\"\nHOME_URL=\"https://www.ubuntu.com/\"\nSUPPORT_URL=\"https://help.ubuntu.com/\"\nBUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"\nPRIVACY_POLICY_URL=\"https://www.ubuntu.com/legal/terms-and-policies/privacy-policy\"\nVERSION_CODENAME=focal\nUBUNTU_CODENAME=focal\n",
            "bullseye/sid\n",
            72_800_000,
            false,
            false,
        ),
        "jammy" => (
            "PRETTY_NAME=\"Ubuntu 22.04.5 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\nVERSION=\"22.04.5 LTS (Jammy Jellyfish)\"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\nHOME_URL=\"https://www.ubuntu.com/\"\nSUPPORT_URL=\"https://help.ubuntu.com/\"\nBUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"\nPRIVACY_POLICY_URL=\"https://www.ubuntu.com/legal/terms-and-policies/privacy-policy\"\nUBUNTU_CODENAME=jammy\n",
            "bookworm/sid\n",
            77_800_000,
            false,
            true,
        ),
        "noble" => (
            "PRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nVERSION=\"24.04.1 LTS (Noble Numbat)\"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL=\"https://www.ubuntu.com/\"\nSUPPORT_URL=\"https://help.ubuntu.com/\"\nBUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"\nPRIVACY_POLICY_URL=\"https://www.ubuntu.com/legal/terms-and-policies/privacy-policy\"\nUBUNTU_CODENAME=noble\nLOGO=ubuntu-logo\n",
            "trixie/sid\n",
            78_100_000,
            true,
            true,
        ),
        "bookworm-slim" => (BOOKWORM_OS_RELEASE, "12.8\n", 74_800_000, false, true),
        _ => (BOOKWORM_OS_RELEASE, "12.8\n", 117_000_000, false, true),
    };
    let mut b = LayerBuilder::new();
    for (dir, mode) in [
        ("/boot", 0o755),
        ("/dev", 0o755),
        ("/etc", 0o755),
        ("/home", 0o755),
        ("/media", 0o755),
        ("/mnt", 0o755),
        ("/opt", 0o755),
        ("/proc", 0o555),
        ("/root", 0o700),
        ("/run", 0o755),
        ("/srv", 0o755),
        ("/sys", 0o555),
        ("/tmp", 0o1777),
        ("/usr/bin", 0o755),
        ("/usr/sbin", 0o755),
        ("/usr/lib", 0o755),
        ("/usr/lib64", 0o755),
        ("/usr/local/bin", 0o755),
        ("/usr/local/sbin", 0o755),
        ("/usr/local/lib", 0o755),
        ("/usr/local/share", 0o755),
        ("/usr/share/doc", 0o755),
        ("/var/lib/apt/lists/partial", 0o700),
        ("/var/lib/dpkg/info", 0o755),
        ("/var/cache/apt/archives/partial", 0o700),
        ("/var/log", 0o755),
        ("/var/tmp", 0o1777),
        ("/var/mail", 0o2775),
        ("/etc/apt/apt.conf.d", 0o755),
        ("/etc/apt/sources.list.d", 0o755),
    ] {
        b.dir(dir, mode);
    }
    let (bin, sbin) = if merged {
        b.link("/bin", "usr/bin").link("/sbin", "usr/sbin").link("/lib", "usr/lib").link("/lib64", "usr/lib64");
        ("/usr/bin", "/usr/sbin")
    } else {
        b.dir("/bin", 0o755).dir("/sbin", 0o755).dir("/lib", 0o755).dir("/lib64", 0o755);
        ("/bin", "/sbin")
    };
    b.bins(bin, GNU_BINS, 120_000).bins(sbin, GNU_SBINS, 90_000);
    b.blob(&format!("{bin}/bash"), 1_396_520, 0o755).blob(&format!("{bin}/dash"), 125_688, 0o755);
    b.link(&format!("{bin}/sh"), "dash").link(&format!("{bin}/rbash"), "bash");
    // `awk` is mawk through the alternatives system, as on Debian and Ubuntu.
    b.link(&format!("{bin}/awk"), "/etc/alternatives/awk").link("/etc/alternatives/awk", &format!("{bin}/mawk"));
    b.text("/etc/os-release", os_release, 0o644);
    b.text("/etc/debian_version", debian_version, 0o644);
    let (passwd, group) = debian_users(ubuntu_user);
    b.text("/etc/passwd", &passwd, 0o644).text("/etc/group", &group, 0o644);
    if ubuntu_user {
        // Ubuntu 23.04 and later ship the `ubuntu` user with its home directory.
        b.dir("/home/ubuntu", 0o750);
        b.layer.changes.insert(
            "/home/ubuntu".to_string(),
            crate::fs::Change::Put(crate::fs::Entry { uid: 1000, gid: 1000, ..crate::fs::Entry::dir(0o750) }),
        );
    }
    b.text("/etc/shadow", "root:*:19000:0:99999:7:::\n", 0o640);
    b.text("/etc/shells", "# /etc/shells: valid login shells\n/bin/sh\n/bin/bash\n/usr/bin/bash\n/bin/rbash\n/usr/bin/rbash\n/bin/dash\n/usr/bin/dash\n", 0o644);
    b.text("/etc/hostname", "localhost\n", 0o644);
    b.text("/etc/profile", "if [ \"$(id -u)\" -eq 0 ]; then\n  PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\nfi\nexport PATH\n", 0o644);
    b.text("/etc/bash.bashrc", "# System-wide .bashrc file for interactive bash(1) shells.\n", 0o644);
    b.text("/root/.bashrc", "# ~/.bashrc: executed by bash(1) for non-login shells.\n", 0o644);
    b.text("/root/.profile", "# ~/.profile: executed by Bourne-compatible login shells.\n", 0o644);
    b.text("/etc/apt/apt.conf.d/docker-clean", "DPkg::Post-Invoke { \"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true\"; };\n", 0o644);
    let sources = if flavor.starts_with("bookworm") {
        "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n".to_string()
    } else {
        format!(
            "deb http://archive.ubuntu.com/ubuntu/ {flavor} main restricted universe multiverse\ndeb http://archive.ubuntu.com/ubuntu/ {flavor}-updates main restricted universe multiverse\ndeb http://security.ubuntu.com/ubuntu/ {flavor}-security main restricted universe multiverse\n"
        )
    };
    if flavor.starts_with("bookworm") {
        b.text("/etc/apt/sources.list.d/debian.sources", &sources, 0o644);
    } else {
        b.text("/etc/apt/sources.list", &sources, 0o644);
    }
    let mut status = String::new();
    for name in BASE_PACKAGES.split_whitespace() {
        status.push_str(&format!(
            "Package: {name}\nStatus: install ok installed\nPriority: required\nArchitecture: amd64\nVersion: base\n\n"
        ));
    }
    if flavor == "bookworm" {
        // The full Debian image carries more of the standard system than the slim one.
        for name in ["ca-certificates", "openssl", "libexpat1", "libsqlite3-0", "readline-common", "libreadline8"] {
            let _ = name;
        }
    }
    b.text("/var/lib/dpkg/status", &status, 0o644);
    b.fill_to(
        total,
        &[
            ("/usr/lib/x86_64-linux-gnu/libc.so.6", 22),
            ("/usr/lib/x86_64-linux-gnu/libstdc++.so.6", 20),
            ("/usr/lib/x86_64-linux-gnu/libcrypto.so.3", 45),
            ("/usr/lib/x86_64-linux-gnu/libapt-pkg.so.6.0", 15),
            ("/usr/lib/x86_64-linux-gnu/libsystemd.so.0", 9),
            ("/usr/share/perl5/perl-base.pm", 20),
            ("/usr/share/i18n/charmaps.dat", 9),
            ("/var/lib/dpkg/info/files.list", 8),
            ("/usr/share/zoneinfo/tzdata.zi", 6),
            ("/usr/share/doc/copyright-bundle", 12),
        ],
    );
    b.finish()
}

const BOOKWORM_OS_RELEASE: &str = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL=\"https://www.debian.org/\"\nSUPPORT_URL=\"https://www.debian.org/support\"\nBUG_REPORT_URL=\"https://bugs.debian.org/\"\n";

/// Alpine `3.19` or `3.20`.
pub(crate) fn alpine(version: &str) -> Layer {
    let full = if version == "3.19" { "3.19.4" } else { "3.20.3" };
    let mut b = LayerBuilder::new();
    for (dir, mode) in [
        ("/bin", 0o755),
        ("/dev", 0o755),
        ("/etc/apk", 0o755),
        ("/home", 0o755),
        ("/lib/apk/db", 0o755),
        ("/media", 0o755),
        ("/mnt", 0o755),
        ("/opt", 0o755),
        ("/proc", 0o555),
        ("/root", 0o700),
        ("/run", 0o755),
        ("/sbin", 0o755),
        ("/srv", 0o755),
        ("/sys", 0o555),
        ("/tmp", 0o1777),
        ("/usr/bin", 0o755),
        ("/usr/sbin", 0o755),
        ("/usr/lib", 0o755),
        ("/usr/local/bin", 0o755),
        ("/usr/local/lib", 0o755),
        ("/usr/share", 0o755),
        ("/var/cache/apk", 0o755),
        ("/var/log", 0o755),
        ("/var/tmp", 0o1777),
    ] {
        b.dir(dir, mode);
    }
    b.blob("/bin/busybox", 808_712, 0o755);
    for name in BUSYBOX_BIN.split_whitespace() {
        b.link(&format!("/bin/{name}"), "/bin/busybox");
    }
    for name in BUSYBOX_USR_BIN.split_whitespace() {
        b.link(&format!("/usr/bin/{name}"), "/bin/busybox");
    }
    for name in BUSYBOX_SBIN.split_whitespace() {
        b.link(&format!("/sbin/{name}"), "/bin/busybox");
    }
    b.blob("/sbin/apk", 70_000, 0o755);
    // musl-utils.
    b.blob("/usr/bin/getent", 14_232, 0o755);
    b.blob("/lib/ld-musl-x86_64.so.1", 649_064, 0o755);
    b.link("/lib/libc.musl-x86_64.so.1", "ld-musl-x86_64.so.1");
    b.text("/etc/alpine-release", &format!("{full}\n"), 0o644);
    b.text(
        "/etc/os-release",
        &format!("NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID={full}\nPRETTY_NAME=\"Alpine Linux v{version}\"\nHOME_URL=\"https://alpinelinux.org/\"\nBUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n"),
        0o644,
    );
    b.text("/etc/apk/repositories", &format!("https://dl-cdn.alpinelinux.org/alpine/v{version}/main\nhttps://dl-cdn.alpinelinux.org/alpine/v{version}/community\n"), 0o644);
    b.text(
        "/etc/apk/world",
        "alpine-baselayout\nalpine-keys\napk-tools\nbusybox\nca-certificates-bundle\nlibc-utils\n",
        0o644,
    );
    b.text(
        "/etc/passwd",
        "root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\ndaemon:x:2:2:daemon:/sbin:/sbin/nologin\nlp:x:4:7:lp:/var/spool/lpd:/sbin/nologin\nsync:x:5:0:sync:/sbin:/bin/sync\nshutdown:x:6:0:shutdown:/sbin:/sbin/shutdown\nhalt:x:7:0:halt:/sbin:/sbin/halt\nmail:x:8:12:mail:/var/mail:/sbin/nologin\nnews:x:9:13:news:/usr/lib/news:/sbin/nologin\nuucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin\ncron:x:16:16:cron:/var/spool/cron:/sbin/nologin\nftp:x:21:21::/var/lib/ftp:/sbin/nologin\nsshd:x:22:22:sshd:/dev/null:/sbin/nologin\ngames:x:35:35:games:/usr/games:/sbin/nologin\nntp:x:123:123:NTP:/var/empty:/sbin/nologin\nguest:x:405:100:guest:/dev/null:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n",
        0o644,
    );
    b.text(
        "/etc/group",
        "root:x:0:root\nbin:x:1:root,bin,daemon\ndaemon:x:2:root,bin,daemon\nsys:x:3:root,bin\nadm:x:4:root,daemon\ntty:x:5:\ndisk:x:6:root\nlp:x:7:lp\nkmem:x:9:\nwheel:x:10:root\nfloppy:x:11:root\nmail:x:12:mail\nnews:x:13:news\nuucp:x:14:uucp\ncron:x:16:cron\naudio:x:18:\ncdrom:x:19:\ndialout:x:20:root\nftp:x:21:\nsshd:x:22:\ninput:x:23:\ntape:x:26:root\nvideo:x:27:root\nnetdev:x:28:\nkvm:x:34:kvm\ngames:x:35:\nshadow:x:42:\nwww-data:x:82:\nusers:x:100:games\nntp:x:123:\nabuild:x:300:\nutmp:x:406:\nping:x:999:\nnogroup:x:65533:\nnobody:x:65534:\n",
        0o644,
    );
    b.text("/etc/shells", "# valid login shells\n/bin/sh\n/bin/ash\n", 0o644);
    b.text("/etc/hostname", "localhost\n", 0o644);
    b.text("/etc/profile", "export PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\n", 0o644);
    let mut db = String::new();
    for (name, ver) in [
        ("alpine-baselayout", "3.6.5-r0"),
        ("alpine-baselayout-data", "3.6.5-r0"),
        ("alpine-keys", "2.4-r1"),
        ("apk-tools", "2.14.4-r0"),
        ("busybox", "1.36.1-r29"),
        ("busybox-binsh", "1.36.1-r29"),
        ("ca-certificates-bundle", "20240705-r0"),
        ("libcrypto3", "3.3.2-r0"),
        ("libssl3", "3.3.2-r0"),
        ("musl", "1.2.5-r0"),
        ("musl-utils", "1.2.5-r0"),
        ("scanelf", "1.3.7-r2"),
        ("ssl_client", "1.36.1-r29"),
        ("zlib", "1.3.1-r1"),
    ] {
        db.push_str(&format!("P:{name}\nV:{ver}\nA:x86_64\n\n"));
    }
    b.text("/lib/apk/db/installed", &db, 0o644);
    b.fill_to(
        7_800_000,
        &[
            ("/lib/libcrypto.so.3", 55),
            ("/lib/libssl.so.3", 15),
            ("/lib/libz.so.1", 3),
            ("/etc/ssl/certs/ca-certificates.crt", 5),
            ("/usr/lib/libapk.so.2.14.0", 8),
            ("/usr/share/apk/keys/keys.bundle", 2),
        ],
    );
    b.finish()
}

/// The `busybox:latest` image (glibc busybox, one binary and its applets).
pub(crate) fn busybox() -> Layer {
    let mut b = LayerBuilder::new();
    for dir in ["/bin", "/dev", "/etc", "/home", "/lib", "/lib64", "/root", "/usr/sbin", "/var/spool/mail", "/var/www"]
    {
        b.dir(dir, if dir == "/root" { 0o700 } else { 0o755 });
    }
    b.dir("/tmp", 0o1777);
    b.blob("/bin/busybox", 1_130_000, 0o755);
    for name in
        BUSYBOX_BIN.split_whitespace().chain(BUSYBOX_USR_BIN.split_whitespace()).chain(BUSYBOX_SBIN.split_whitespace())
    {
        b.link(&format!("/bin/{name}"), "busybox");
    }
    b.text("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nbin:x:2:2:bin:/bin:/bin/false\nsys:x:3:3:sys:/dev:/bin/false\nsync:x:4:100:sync:/bin:/bin/sync\nmail:x:8:8:mail:/var/spool/mail:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\noperator:x:37:37:Operator:/var:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n", 0o644);
    b.text("/etc/group", "root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nlp:x:7:\nmail:x:8:\nkmem:x:9:\nwheel:x:10:root\ncdrom:x:11:\ndialout:x:18:\nfloppy:x:19:\nvideo:x:28:\naudio:x:29:\ntape:x:32:\nwww-data:x:33:\noperator:x:37:\nutmp:x:43:\nplugdev:x:46:\nstaff:x:50:\nlock:x:54:\nnetdev:x:82:\nusers:x:100:\nnogroup:x:65534:\n", 0o644);
    b.fill_to(4_260_000, &[("/lib/libc.so.6", 70), ("/lib/libm.so.6", 30), ("/lib64/ld-linux-x86-64.so.2", 8)]);
    b.finish()
}

/// The size of `hello-world`'s one static binary, `/hello` (10.1 kB, as `docker images` shows it).
pub(crate) const HELLO_SIZE: u64 = 10_072;

/// The `hello-world` image: nothing but `/hello`, a static binary that prints Docker's greeting.
pub(crate) fn hello_world() -> Layer {
    let mut b = LayerBuilder::new();
    b.blob("/hello", HELLO_SIZE, 0o755);
    b.finish()
}
