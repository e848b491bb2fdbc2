//! The machine line of the report: CPU model, cores, compiler, date, load.

use std::time::{SystemTime, UNIX_EPOCH};

/// Where and when the numbers were made.
#[derive(Clone, Debug)]
pub(crate) struct Machine {
    /// `model name` from /proc/cpuinfo.
    pub(crate) cpu: String,
    /// Cores this process may use.
    pub(crate) cores: usize,
    /// The compiler that built this binary (`rustc -V`).
    pub(crate) rustc: String,
    /// The run's start, UTC, `YYYY-MM-DD HH:MM:SS`.
    pub(crate) date: String,
    /// /proc/loadavg's 1-minute load at the start (a shared machine's numbers are noisier).
    pub(crate) load: String,
}

impl Machine {
    /// This machine, now.
    pub(crate) fn now() -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|line| line.strip_prefix("model name")?.split_once(':'))
            .map(|(_, model)| model.trim().to_owned())
            .unwrap_or_else(|| std::env::consts::ARCH.to_owned());
        let load = std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|l| l.split_whitespace().next().map(str::to_owned))
            .unwrap_or_else(|| "?".to_owned());
        Self {
            cpu,
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            rustc: env!("BENCH_RUSTC_VERSION").to_owned(),
            date: utc_now(),
            load,
        }
    }

    /// The one-line form.
    pub(crate) fn line(&self) -> String {
        format!(
            "machine: {} | {} cores | {} | {} UTC | load {}",
            self.cpu, self.cores, self.rustc, self.date, self.load
        )
    }
}

/// Now as `YYYY-MM-DD HH:MM:SS` (UTC).
fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(20_000), (2024, 10, 4));
    }
}
