//! `ping`: BusyBox's (Alpine, the `busybox` image) and iputils' (Debian and Ubuntu after
//! `apt-get install iputils-ping`), each in its own words.
//!
//! A name resolves the way the container's resolver does: `/etc/hosts` first (`localhost`, the
//! container's own hostname, `--add-host` entries), then the containers Docker's DNS knows on a
//! user-defined network, then, with the network up, the internet (a dotted name gets a stable
//! public address derived from its text). Round-trip times are derived from the address, so every
//! run prints the same lines: fractions of a millisecond to the container itself or a peer on the
//! same bridge, around ten milliseconds to the internet. Without `-c` (or `-w`), ping never ends on
//! its own: it prints a reply a second until the step budget runs out, like any endless process.

use crate::fs::seed_of;
use crate::sh::machine::{Ctrl, Machine};
use crate::sh::programs::Proc;

/// The options a run of ping was given.
struct Options {
    count: Option<u64>,
    size: u64,
    interval_ms: u64,
    deadline_s: Option<u64>,
    quiet: bool,
    host: String,
}

/// Where a name led.
enum Target {
    /// The container itself (loopback or its own address): always reachable, even without a network.
    Local(String),
    /// Another container on the same bridge network.
    Peer(String),
    /// A host on the internet, through the bridge's gateway.
    Internet(String),
}

impl Target {
    fn address(&self) -> &str {
        match self {
            Target::Local(address) | Target::Peer(address) | Target::Internet(address) => address,
        }
    }
}

/// Runs `ping`.
pub(crate) fn run(m: &mut Machine, p: &mut Proc) -> Result<i32, Ctrl> {
    let options = match parse(m, p) {
        Ok(options) => options,
        Err(status) => return Ok(status),
    };
    let Some(target) = resolve(m, &options.host) else {
        if p.busybox {
            p.err(m, &format!("ping: bad address '{}'", options.host));
        } else {
            let reason = if m.network { "Name or service not known" } else { "Temporary failure in name resolution" };
            p.err(m, &format!("ping: {}: {reason}", options.host));
        }
        return Ok(if p.busybox { 1 } else { 2 });
    };
    let address = target.address().to_string();
    if p.busybox {
        p.out(m, &format!("PING {} ({address}): {} data bytes", options.host, options.size));
    } else {
        p.out(m, &format!("PING {} ({address}) {}({}) bytes of data.", options.host, options.size, options.size + 28));
    }
    if !m.network && !matches!(target, Target::Local(_)) {
        // The name came from /etc/hosts or is an address, but no route leaves the container.
        p.err(m, if p.busybox { "ping: sendto: Network unreachable" } else { "ping: connect: Network is unreachable" });
        return Ok(if p.busybox { 1 } else { 2 });
    }
    let (ttl, base_us, spread_us) = match target {
        Target::Local(_) => (64, 30, 40),
        Target::Peer(_) => (64, 60, 90),
        Target::Internet(_) => (116, 8_000 + seed_of(&address) % 12_000, 900),
    };
    let mut times: Vec<u64> = Vec::new();
    let mut seq: u64 = 0;
    let start_ms = m.clock_ms;
    loop {
        if options.count.is_some_and(|count| seq >= count) {
            break;
        }
        if options.deadline_s.is_some_and(|deadline| m.clock_ms - start_ms >= deadline * 1000) {
            break;
        }
        if seq > 0 {
            m.advance(options.interval_ms);
        }
        // A reply a second is as much work as a loop iteration that sleeps.
        m.spend(4)?;
        let us = base_us + seed_of(&format!("{address}#{seq}")) % spread_us;
        times.push(us);
        if !options.quiet {
            let bytes = options.size + 8;
            let time = millis(us, p.busybox);
            let line = if p.busybox {
                format!("{bytes} bytes from {address}: seq={seq} ttl={ttl} time={time} ms")
            } else {
                format!("{bytes} bytes from {address}: icmp_seq={} ttl={ttl} time={time} ms", seq + 1)
            };
            p.out(m, &line);
        }
        seq += 1;
    }
    statistics(m, p, &options.host, &times, m.clock_ms - start_ms);
    Ok(0)
}

/// Reads the command line; `Err` carries the exit status of a usage error, already reported.
fn parse(m: &mut Machine, p: &Proc) -> Result<Options, i32> {
    let args = p.args().to_vec();
    let mut options =
        Options { count: None, size: 56, interval_ms: 1000, deadline_s: None, quiet: false, host: String::new() };
    let mut host = None;
    let mut idx = 0;
    while idx < args.len() {
        let arg = args[idx].as_str();
        let takes_value = matches!(arg, "-c" | "-s" | "-i" | "-w" | "-W" | "-t" | "-I" | "-p");
        let value = if takes_value {
            idx += 1;
            match args.get(idx) {
                Some(value) => Some(value.as_str()),
                None => {
                    missing_argument(m, p, &arg[1..]);
                    return Err(if p.busybox { 1 } else { 2 });
                }
            }
        } else {
            None
        };
        match (arg, value) {
            ("-c", Some(v)) => options.count = Some(number(m, p, v)?),
            ("-s", Some(v)) => options.size = number(m, p, v)?,
            ("-w", Some(v)) => options.deadline_s = Some(number(m, p, v)?),
            ("-i", Some(v)) => {
                let seconds: f64 = v.parse().map_err(|_| invalid(m, p, v))?;
                options.interval_ms = (seconds * 1000.0).clamp(0.0, 3_600_000.0) as u64;
            }
            ("-q", _) => options.quiet = true,
            (_, Some(_)) | ("-4" | "-A" | "-n", _) => {}
            (other, None) if other.starts_with('-') && other.len() > 1 => {
                let letter = other.chars().nth(1).unwrap_or('-');
                if p.busybox {
                    p.err(m, &format!("ping: unrecognized option: {}", &other[1..]));
                    busybox_usage(m, p);
                    return Err(1);
                }
                p.err(m, &format!("ping: invalid option -- '{letter}'"));
                return Err(2);
            }
            (other, None) => host = Some(other.to_string()),
        }
        idx += 1;
    }
    match host {
        Some(host) => {
            options.host = host;
            Ok(options)
        }
        None if p.busybox => {
            busybox_usage(m, p);
            Err(1)
        }
        None => {
            p.err(m, "ping: usage error: Destination address required");
            Err(1)
        }
    }
}

fn number(m: &mut Machine, p: &Proc, text: &str) -> Result<u64, i32> {
    text.parse::<u64>().map_err(|_| invalid(m, p, text))
}

/// Reports an option value that is not a number, returning the exit status.
fn invalid(m: &mut Machine, p: &Proc, text: &str) -> i32 {
    if p.busybox {
        p.err(m, &format!("ping: invalid number '{text}'"));
        1
    } else {
        p.err(m, &format!("ping: invalid argument: '{text}'"));
        1
    }
}

fn missing_argument(m: &mut Machine, p: &Proc, option: &str) {
    if p.busybox {
        p.err(m, &format!("ping: option requires an argument: {option}"));
        busybox_usage(m, p);
    } else {
        p.err(m, &format!("ping: option requires an argument -- '{option}'"));
    }
}

/// BusyBox's usage text for `ping`, on stderr.
fn busybox_usage(m: &mut Machine, p: &Proc) {
    for line in [
        "BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.",
        "",
        "Usage: ping [OPTIONS] HOST",
        "",
        "Send ICMP ECHO_REQUESTs to HOST",
        "",
        "\t-4,-6\t\tForce IP or IPv6 name resolution",
        "\t-c CNT\t\tSend only CNT pings",
        "\t-s SIZE\t\tSend SIZE data bytes in packets (default 56)",
        "\t-i SECS\t\tInterval",
        "\t-A\t\tPing as soon as reply is received",
        "\t-t TTL\t\tSet TTL",
        "\t-I IFACE/IP\tSource interface or IP address",
        "\t-W SEC\t\tSeconds to wait for the first response (default 10)",
        "\t\t\t(after all -c CNT packets are sent)",
        "\t-w SEC\t\tSeconds until ping exits (default:infinite)",
        "\t\t\t(can exit earlier with -c CNT)",
        "\t-q\t\tQuiet, only display output at start/finish",
        "\t-p HEXBYTE\tPayload pattern",
    ] {
        p.err(m, line);
    }
}

/// Resolves `name` as the container's resolver would; `None` when nothing knows it.
fn resolve(m: &Machine, name: &str) -> Option<Target> {
    if is_ipv4(name) {
        return Some(if name.starts_with("127.") || own_addresses(m).any(|a| a == name) {
            Target::Local(name.to_string())
        } else if m.peers.iter().any(|peer| peer.address == name) {
            Target::Peer(name.to_string())
        } else {
            Target::Internet(name.to_string())
        });
    }
    if let Some(address) = hosts_file_lookup(m, name) {
        let local = address.starts_with("127.") || address == "::1" || own_addresses(m).any(|a| a == address);
        return Some(if local { Target::Local(address) } else { Target::Internet(address) });
    }
    // A build step's /etc/hosts (BuildKit's) maps these two to the loopback address.
    if name.eq_ignore_ascii_case("localhost") || name == m.hostname {
        return Some(Target::Local("127.0.0.1".to_string()));
    }
    if !m.network {
        return None;
    }
    if let Some(peer) = m.peers.iter().find(|peer| peer.names.iter().any(|n| n == name)) {
        // Docker's DNS also answers for the container's own name.
        let address = peer.address.clone();
        let own = own_addresses(m).any(|a| a == address);
        return Some(if own { Target::Local(address) } else { Target::Peer(address) });
    }
    // A single label is not a public name; the search domain finds nothing either.
    if !name.contains('.') || name.ends_with('.') && name.matches('.').count() == 1 {
        return None;
    }
    Some(Target::Internet(public_address(name)))
}

/// The container's own addresses: those `/etc/hosts` gives its hostname.
fn own_addresses<'a>(m: &'a Machine) -> impl Iterator<Item = String> + 'a {
    hosts_file_lookup(m, &m.hostname).into_iter()
}

/// The first address `/etc/hosts` lists for `name`.
fn hosts_file_lookup(m: &Machine, name: &str) -> Option<String> {
    let text = m.read_text("/etc/hosts")?;
    text.lines().find_map(|line| {
        let line = line.split('#').next().unwrap_or("");
        let mut words = line.split_whitespace();
        let address = words.next()?;
        (is_ipv4(address) && words.any(|alias| alias.eq_ignore_ascii_case(name))).then(|| address.to_string())
    })
}

fn is_ipv4(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 4 && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok())
}

/// A stable public address for a name on the internet: the real one for a few names tutorials
/// ping, else one derived from its text.
fn public_address(name: &str) -> String {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let known = match name.as_str() {
        "google.com" => Some("142.250.185.78"),
        "www.google.com" => Some("142.250.185.100"),
        "dns.google" => Some("8.8.8.8"),
        "one.one.one.one" => Some("1.1.1.1"),
        "github.com" => Some("140.82.121.4"),
        "example.com" | "www.example.com" => Some("93.184.215.14"),
        "docker.com" | "www.docker.com" => Some("141.193.213.21"),
        _ => None,
    };
    if let Some(address) = known {
        return address.to_string();
    }
    let seed = seed_of(&name);
    // First octets of large public allocations, so no address looks private or reserved.
    const FIRST: [u8; 8] = [13, 23, 34, 52, 104, 142, 151, 185];
    let first = FIRST[(seed % FIRST.len() as u64) as usize];
    format!("{first}.{}.{}.{}", (seed >> 8) % 256, (seed >> 16) % 256, 1 + (seed >> 24) % 254)
}

/// Microseconds as ping prints milliseconds: BusyBox always with three decimals, iputils with
/// three significant digits (`0.045`, `11.4`).
fn millis(us: u64, busybox: bool) -> String {
    if busybox || us < 1_000 {
        return format!("{}.{:03}", us / 1000, us % 1000);
    }
    if us < 10_000 {
        format!("{}.{:02}", us / 1000, us % 1000 / 10)
    } else {
        format!("{}.{}", us / 1000, us % 1000 / 100)
    }
}

/// The closing statistics.
fn statistics(m: &mut Machine, p: &Proc, host: &str, times: &[u64], elapsed_ms: u64) {
    let sent = times.len();
    p.out(m, "");
    p.out(m, &format!("--- {host} ping statistics ---"));
    if p.busybox {
        p.out(m, &format!("{sent} packets transmitted, {sent} packets received, 0% packet loss"));
    } else {
        p.out(m, &format!("{sent} packets transmitted, {sent} received, 0% packet loss, time {elapsed_ms}ms"));
    }
    let (Some(min), Some(max)) = (times.iter().min(), times.iter().max()) else { return };
    let avg = times.iter().sum::<u64>() / sent as u64;
    if p.busybox {
        p.out(
            m,
            &format!("round-trip min/avg/max = {}/{}/{} ms", millis(*min, true), millis(avg, true), millis(*max, true)),
        );
    } else {
        let variance = times.iter().map(|t| (*t as i64 - avg as i64).pow(2) as u64).sum::<u64>() / sent as u64;
        let mdev = variance.isqrt();
        let three = |us: u64| format!("{}.{:03}", us / 1000, us % 1000);
        p.out(m, &format!("rtt min/avg/max/mdev = {}/{}/{}/{} ms", three(*min), three(avg), three(*max), three(mdev)));
    }
}
