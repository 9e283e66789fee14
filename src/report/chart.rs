//! The weekly chart (`grayzone chart`, and the picture in the HTML report): one stacked bar per
//! week — low / moderate / high share of moving time, or easy / gray-zone / other hard share of
//! runs — against the 80 % line, with the week's gray-zone runs marked above its bar.
//!
//! Hand-written SVG: a few hundred elements do not need a plotting crate, and the file opens in any
//! browser, image viewer or README. Past [`MAX_WEEKLY_BARS`] weeks the bars become months, so five
//! years stay as readable as eight weeks. Weeks with no run keep their place as a gap: a break in
//! training should look like one. The picture has a set largest size whatever the dates: more than
//! [`MAX_EMPTY_MONTHS`] months without a run are drawn as one gap (a file dated 9999 beside a 2024
//! run is two bars and a gap, not 95 000 bars), and past [`MAX_BARS`] bars the oldest are left out.

use chrono::{Datelike, Duration, NaiveDate};

use crate::activity::calendar::WeekStart;
use crate::activity::units::{clock, counted, Units};
use crate::judge::rules::DEFAULT_MIN_EASY_PCT;
use crate::report::escape;
use crate::report::weekly::{Method, Week, WeekFlag};

/// Past this many weeks (first to last, gaps included) the chart shows months: narrower bars stop
/// being readable, and labels would have to skip too many weeks.
pub const MAX_WEEKLY_BARS: usize = 40;

/// Most bars a chart draws (13 years of months): the picture is at most
/// `LEFT + MAX_BARS × MIN_SLOT + RIGHT` = 2044 pixels wide, its PNG twice that. Past it the oldest
/// bars are left out, and the heading says how many.
pub const MAX_BARS: usize = 160;

/// More months than this without a run in a row are drawn as one gap.
pub const MAX_EMPTY_MONTHS: i64 = 12;

/// Colours: blue, gray and red stay distinct for the common colour-vision deficiencies, and each
/// has at least 3:1 contrast against the white background (WCAG's figure for graphics).
pub const LOW_COLOUR: &str = "#2166ac";
pub const MODERATE_COLOUR: &str = "#8a8a8a";
pub const HIGH_COLOUR: &str = "#b2182b";
const GRAY_MARK_COLOUR: &str = "#404040";
const TEXT_COLOUR: &str = "#222222";
const GRID_COLOUR: &str = "#dddddd";
const FONT: &str = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";

const LEFT: f64 = 64.0;
const RIGHT: f64 = 60.0;
const TOP: f64 = 100.0;
const PLOT_H: f64 = 260.0;
const BOTTOM: f64 = 70.0;
/// Plot width for few bars; more bars than fit at `MIN_SLOT` widen the chart instead.
const PLOT_W: f64 = 720.0;
const MIN_SLOT: f64 = 12.0;
const MAX_BAR_W: f64 = 44.0;

/// What one bar stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Week,
    Month,
}

/// One bar: a week (or a month) and the three shares stacked in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// The week's label (`2024-W23`, or a Sunday week's `2024-06-02`), or `2024-06` for a month.
    pub key: String,
    /// Local date of the week's first day, or the month's first day.
    pub start: NaiveDate,
    pub runs: usize,
    pub gray_zone_runs: usize,
    /// Low / moderate / high in percent (time), or easy / gray-zone / other hard (sessions); they
    /// sum to 100, or are all 0 when there is nothing to stack.
    pub shares: (f64, f64, f64),
    pub moving_time_s: f64,
    pub distance_m: f64,
    /// Runs read in the bar's weeks but left out of judging (too short, implausible).
    pub left_out: usize,
    /// Week flags (weeks only).
    pub flags: Vec<WeekFlag>,
    /// For a gap (months without a run, more than [`MAX_EMPTY_MONTHS`]): how many months it
    /// stands for, from `start`. 0 for a bar.
    pub gap_months: i64,
}

impl Bar {
    pub fn meets(&self, target_pct: f64) -> bool {
        self.runs > 0
            && crate::report::weekly::meets_target(
                crate::report::tenths_to_100(self.shares).0,
                target_pct,
            )
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartOptions {
    pub method: Method,
    /// Where the target line is drawn, in percent.
    pub target_pct: f64,
    pub units: Units,
    /// The weeks' first day: it names the weeks and decides which month a week counts in.
    pub week_start: WeekStart,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            method: Method::Time,
            target_pct: DEFAULT_MIN_EASY_PCT,
            units: Units::Metric,
            week_start: WeekStart::Monday,
        }
    }
}

/// Sums of weeks, for one bar.
#[derive(Clone, Debug, Default)]
struct Tally {
    runs: usize,
    easy_sessions: usize,
    gray_zone_runs: usize,
    hard_runs: usize,
    low_s: f64,
    moderate_s: f64,
    high_s: f64,
    moving_time_s: f64,
    distance_m: f64,
    left_out: usize,
    flags: Vec<WeekFlag>,
}

impl Tally {
    fn add(&mut self, w: &Week) {
        self.runs += w.runs;
        self.left_out += w.left_out;
        self.easy_sessions += w.recovery_runs + w.easy_runs;
        self.gray_zone_runs += w.gray_zone_runs;
        self.hard_runs += w.hard_runs;
        self.low_s += w.low_s;
        self.moderate_s += w.moderate_s;
        self.high_s += w.high_s;
        self.moving_time_s += w.moving_time_s;
        self.distance_m += w.distance_m;
    }

    fn shares(&self, method: Method) -> (f64, f64, f64) {
        let (a, b, c) = match method {
            Method::Time => (self.low_s, self.moderate_s, self.high_s),
            // Gray-zone runs are hard runs; they get their own slice so the gray shows.
            Method::Sessions => (
                self.easy_sessions as f64,
                self.gray_zone_runs as f64,
                self.hard_runs.saturating_sub(self.gray_zone_runs) as f64,
            ),
        };
        let total = a + b + c;
        if total <= 0.0 {
            return (0.0, 0.0, 0.0);
        }
        let (a, b) = (a / total * 100.0, b / total * 100.0);
        (a, b, (100.0 - a - b).max(0.0))
    }

    fn bar(self, key: String, start: NaiveDate, method: Method) -> Bar {
        Bar {
            shares: self.shares(method),
            key,
            start,
            runs: self.runs,
            gray_zone_runs: self.gray_zone_runs,
            moving_time_s: self.moving_time_s,
            distance_m: self.distance_m,
            left_out: self.left_out,
            flags: self.flags,
            gap_months: 0,
        }
    }
}

fn first_day_of(week: &Week) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&week.week_start, "%Y-%m-%d").ok()
}

/// The bars for these weeks (oldest first, as [`crate::report::weekly::weeks_starting`] gives them, all
/// starting on `week_start`): one per week from the first to the last, gaps included, or one per
/// month when that is more than [`MAX_WEEKLY_BARS`]. A week belongs to the month of its fourth day
/// (a Monday week's Thursday, as ISO weeks belong to years), so a month's bar is the sum of whole
/// weeks of the weekly report.
pub fn bars(weeks: &[Week], method: Method, week_start: WeekStart) -> (Period, Vec<Bar>) {
    let dated: Vec<(NaiveDate, &Week)> = weeks
        .iter()
        .filter_map(|w| first_day_of(w).map(|d| (d, w)))
        .collect();
    let (Some((first, _)), Some((last, _))) = (dated.first(), dated.last()) else {
        return (Period::Week, Vec::new());
    };
    let span_weeks = ((*last - *first).num_days() / 7 + 1).max(1) as usize;
    if span_weeks <= MAX_WEEKLY_BARS {
        (
            Period::Week,
            weekly_bars(&dated, *first, span_weeks, method, week_start),
        )
    } else {
        (Period::Month, monthly_bars(&dated, method, week_start))
    }
}

fn weekly_bars(
    dated: &[(NaiveDate, &Week)],
    first: NaiveDate,
    span_weeks: usize,
    method: Method,
    week_start: WeekStart,
) -> Vec<Bar> {
    let mut out = Vec::with_capacity(span_weeks);
    let mut next = dated.iter().peekable();
    for i in 0..span_weeks {
        let start = first + Duration::days(7 * i as i64);
        let mut tally = Tally::default();
        let mut key = None;
        while let Some((d, w)) = next.peek() {
            if *d > start {
                break;
            }
            if *d == start {
                tally.add(w);
                tally.flags = w.flags.clone();
                key = Some(w.week.clone());
            }
            next.next();
        }
        let key = key.unwrap_or_else(|| week_start.label(start));
        out.push(tally.bar(key, start, method));
    }
    out
}

fn month_index(date: NaiveDate) -> i64 {
    date.year() as i64 * 12 + date.month0() as i64
}

fn month_start(index: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        i32::try_from(index.div_euclid(12)).ok()?,
        index.rem_euclid(12) as u32 + 1,
        1,
    )
}

/// One bar per month from the first month with a run to the last; runs of more than
/// [`MAX_EMPTY_MONTHS`] empty months become one gap. Only months with runs are held, so a span of
/// thousands of years costs what its runs cost.
fn monthly_bars(dated: &[(NaiveDate, &Week)], method: Method, week_start: WeekStart) -> Vec<Bar> {
    let month_of = |d: &NaiveDate| month_index(week_start.middle_of(*d));
    let mut tallies: std::collections::BTreeMap<i64, Tally> = Default::default();
    for (d, w) in dated {
        tallies.entry(month_of(d)).or_default().add(w);
    }
    let mut out = Vec::new();
    let mut next_month: Option<i64> = None;
    for (month, tally) in tallies {
        if let Some(from) = next_month {
            let empty = month - from;
            if empty > MAX_EMPTY_MONTHS {
                if let Some(start) = month_start(from) {
                    let mut gap =
                        Tally::default().bar(start.format("%Y-%m").to_string(), start, method);
                    gap.gap_months = empty;
                    out.push(gap);
                }
            } else {
                for m in from..month {
                    if let Some(start) = month_start(m) {
                        out.push(Tally::default().bar(
                            start.format("%Y-%m").to_string(),
                            start,
                            method,
                        ));
                    }
                }
            }
        }
        if let Some(start) = month_start(month) {
            out.push(tally.bar(start.format("%Y-%m").to_string(), start, method));
        }
        next_month = Some(month + 1);
    }
    out
}

/// The bars drawn: the last [`MAX_BARS`], and how many older ones were left out.
fn bounded(bars: &[Bar]) -> (&[Bar], usize) {
    let left_out = bars.len().saturating_sub(MAX_BARS);
    (&bars[left_out..], left_out)
}

/// The chart as a standalone SVG document.
pub fn svg(weeks: &[Week], options: &ChartOptions) -> String {
    let (period, bars) = bars(weeks, options.method, options.week_start);
    render(&bars, period, options)
}

/// Geometry shared by the drawing functions.
struct Frame {
    slot: f64,
    plot_w: f64,
}

impl Frame {
    fn new(n: usize) -> Frame {
        let n = n.max(1) as f64;
        let plot_w = PLOT_W.max(n * MIN_SLOT);
        Frame {
            slot: plot_w / n,
            plot_w,
        }
    }

    fn bar_w(&self) -> f64 {
        (self.slot * 0.7).min(MAX_BAR_W)
    }

    fn centre(&self, i: usize) -> f64 {
        LEFT + self.slot * (i as f64 + 0.5)
    }

    /// y of a share in percent (0 at the bottom of the plot).
    fn y(pct: f64) -> f64 {
        TOP + PLOT_H * (1.0 - pct / 100.0)
    }

    fn width(&self) -> f64 {
        LEFT + self.plot_w + RIGHT
    }
}

fn labels_of(method: Method) -> [&'static str; 3] {
    match method {
        Method::Time => ["low", "moderate (gray zone)", "high"],
        Method::Sessions => ["easy & recovery runs", "gray-zone runs", "other hard runs"],
    }
}

/// Renders bars into an SVG document.
pub fn render(bars: &[Bar], period: Period, options: &ChartOptions) -> String {
    let (bars, left_out) = bounded(bars);
    let frame = Frame::new(bars.len());
    let width = frame.width();
    let height = TOP + PLOT_H + BOTTOM;
    let mut out = String::with_capacity(16_384 + bars.len() * 900);
    let title = title(period, options.method);
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"grayzone-chart\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" font-family=\"{FONT}\" data-method=\"{}\" data-period=\"{}\" data-target=\"{}\">\n",
        options.method.name(),
        match period {
            Period::Week => "week",
            Period::Month => "month",
        },
        options.target_pct
    ));
    out.push_str(&format!("<title>{}</title>\n", escape(&title)));
    out.push_str(&format!(
        "<rect x=\"0\" y=\"0\" width=\"{width:.0}\" height=\"{height:.0}\" fill=\"#ffffff\"/>\n"
    ));
    heading(&mut out, &title, bars, period, options, left_out);
    legend(&mut out, options.method);
    grid(&mut out, &frame, options.method);
    out.push_str(&format!(
        "<rect class=\"plot\" x=\"{LEFT}\" y=\"{TOP}\" width=\"{:.2}\" height=\"{PLOT_H}\" fill=\"none\" stroke=\"#999999\" stroke-width=\"1\"/>\n",
        frame.plot_w
    ));
    for (i, bar) in bars.iter().enumerate() {
        draw_bar(&mut out, &frame, i, bar, period, options);
    }
    target_line(&mut out, &frame, options.target_pct);
    x_labels(&mut out, &frame, bars, period, options.week_start);
    out.push_str("</svg>\n");
    out
}

fn title(period: Period, method: Method) -> String {
    let by = match period {
        Period::Week => "week by week",
        Period::Month => "month by month",
    };
    match method {
        Method::Time => format!("Is it 80/20? Moving time in each zone, {by}"),
        Method::Sessions => format!("Is it 80/20? Easy and hard runs, {by}"),
    }
}

fn heading(
    out: &mut String,
    title: &str,
    bars: &[Bar],
    period: Period,
    options: &ChartOptions,
    left_out: usize,
) {
    let with_runs: Vec<&Bar> = bars.iter().filter(|b| b.runs > 0).collect();
    let met = with_runs
        .iter()
        .filter(|b| b.meets(options.target_pct))
        .count();
    let runs: usize = with_runs.iter().map(|b| b.runs).sum();
    let gray: usize = with_runs.iter().map(|b| b.gray_zone_runs).sum();
    let distance: f64 = with_runs.iter().map(|b| b.distance_m).sum();
    let span = match (bars.first(), bars.last()) {
        (Some(a), Some(b)) => format!(
            "{} – {}",
            a.start.format("%-d %b %Y"),
            last_day(b, period).format("%-d %b %Y")
        ),
        _ => "no runs".to_string(),
    };
    let (one, many) = match period {
        Period::Week => ("week", "weeks"),
        Period::Month => ("month", "months"),
    };
    let span = if left_out > 0 {
        format!("{span} (the {left_out} bars before it not shown)")
    } else {
        span
    };
    out.push_str(&format!(
        "<text x=\"{LEFT}\" y=\"24\" font-size=\"16\" font-weight=\"bold\" fill=\"{TEXT_COLOUR}\">{}</text>\n",
        escape(title)
    ));
    out.push_str(&format!(
        "<text class=\"subtitle\" x=\"{LEFT}\" y=\"44\" font-size=\"12\" fill=\"{TEXT_COLOUR}\">{} · {}, {} · {} · {met} of {} at or above {:.0} %</text>\n",
        escape(&span),
        counted(runs, "run", "runs"),
        escape(&options.units.distance(distance)),
        counted(gray, "gray-zone run", "gray-zone runs"),
        counted(with_runs.len(), one, many),
        options.target_pct
    ));
}

/// The last local day a bar covers.
fn last_day(bar: &Bar, period: Period) -> NaiveDate {
    if period == Period::Week {
        return bar.start + Duration::days(6);
    }
    month_start(month_index(bar.start) + 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(bar.start)
}

fn legend(out: &mut String, method: Method) {
    let names = labels_of(method);
    let colours = [LOW_COLOUR, MODERATE_COLOUR, HIGH_COLOUR];
    let y = 62.0;
    let mut x = LEFT;
    out.push_str("<g class=\"legend\" font-size=\"12\">\n");
    for (name, colour) in names.iter().zip(colours) {
        out.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"{TEXT_COLOUR}\">{}</text>\n",
            y - 10.0,
            x + 16.0,
            y,
            escape(name)
        ));
        x += 24.0 + 7.0 * name.len() as f64;
    }
    out.push_str(&format!(
        "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"6\" fill=\"{GRAY_MARK_COLOUR}\"/><text x=\"{:.1}\" y=\"{y:.1}\" fill=\"{TEXT_COLOUR}\">n gray-zone runs</text>\n",
        x + 6.0,
        y - 4.0,
        x + 16.0
    ));
    x += 24.0 + 7.0 * 16.0;
    out.push_str(&format!(
        "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#000000\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/><text x=\"{:.1}\" y=\"{y:.1}\" fill=\"{TEXT_COLOUR}\">target</text>\n",
        y - 4.0,
        x + 22.0,
        y - 4.0,
        x + 26.0
    ));
    out.push_str("</g>\n");
}

fn grid(out: &mut String, frame: &Frame, method: Method) {
    out.push_str("<g class=\"y-axis\" font-size=\"11\">\n");
    for pct in [0.0, 20.0, 40.0, 60.0, 80.0, 100.0] {
        let y = Frame::y(pct);
        out.push_str(&format!(
            "<line x1=\"{LEFT}\" y1=\"{y:.2}\" x2=\"{:.2}\" y2=\"{y:.2}\" stroke=\"{GRID_COLOUR}\" stroke-width=\"1\"/><text x=\"{:.1}\" y=\"{:.2}\" text-anchor=\"end\" fill=\"{TEXT_COLOUR}\">{pct:.0} %</text>\n",
            LEFT + frame.plot_w,
            LEFT - 6.0,
            y + 4.0
        ));
    }
    let axis = match method {
        Method::Time => "share of moving time",
        Method::Sessions => "share of runs",
    };
    out.push_str(&format!(
        "<text class=\"axis-label\" transform=\"translate(16 {:.1}) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\" fill=\"{TEXT_COLOUR}\">{axis}</text>\n",
        TOP + PLOT_H / 2.0
    ));
    out.push_str("</g>\n");
}

fn draw_bar(
    out: &mut String,
    frame: &Frame,
    i: usize,
    bar: &Bar,
    period: Period,
    options: &ChartOptions,
) {
    let x = frame.centre(i) - frame.bar_w() / 2.0;
    let w = frame.bar_w();
    if bar.gap_months > 0 {
        gap(out, frame, i, bar);
        return;
    }
    out.push_str(&format!(
        "<g class=\"bar\" data-key=\"{}\" data-start=\"{}\" data-runs=\"{}\" data-gray=\"{}\">\n<title>{}</title>\n",
        escape(&bar.key),
        bar.start.format("%Y-%m-%d"),
        bar.runs,
        bar.gray_zone_runs,
        escape(&tooltip(bar, period, options))
    ));
    // Low at the bottom, so the target line reads against the top of the blue.
    let (low, moderate, high) = bar.shares;
    let mut base = 0.0;
    for (class, pct, colour) in [
        ("low", low, LOW_COLOUR),
        ("moderate", moderate, MODERATE_COLOUR),
        ("high", high, HIGH_COLOUR),
    ] {
        let top = Frame::y(base + pct);
        let h = PLOT_H * pct / 100.0;
        out.push_str(&format!(
            "<rect class=\"{class}\" x=\"{x:.2}\" y=\"{top:.3}\" width=\"{w:.2}\" height=\"{h:.3}\" fill=\"{colour}\"/>\n"
        ));
        base += pct;
    }
    if bar.gray_zone_runs > 0 {
        gray_mark(out, frame, i, bar.gray_zone_runs);
    }
    out.push_str("</g>\n");
}

/// Months without a run, too many to draw one by one: a dashed line across the plot.
fn gap(out: &mut String, frame: &Frame, i: usize, bar: &Bar) {
    let x = frame.centre(i);
    let last = month_start(month_index(bar.start) + bar.gap_months - 1).unwrap_or(bar.start);
    out.push_str(&format!(
        "<g class=\"gap\" data-start=\"{}\" data-months=\"{}\">\n<title>no runs for {} months ({} – {})</title>\n<line x1=\"{x:.2}\" y1=\"{TOP}\" x2=\"{x:.2}\" y2=\"{:.1}\" stroke=\"{GRAY_MARK_COLOUR}\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>\n</g>\n",
        bar.start.format("%Y-%m-%d"),
        bar.gap_months,
        bar.gap_months,
        bar.start.format("%b %Y"),
        last.format("%b %Y"),
        TOP + PLOT_H
    ));
}

/// The gray-zone runs of a bar, above the plot: a dark dot with the count in it, or above it when
/// the bar is too narrow for the digits.
fn gray_mark(out: &mut String, frame: &Frame, i: usize, count: usize) {
    let cx = frame.centre(i);
    let r = (frame.slot * 0.4).clamp(4.0, 9.0);
    let cy = TOP - 6.0 - r;
    out.push_str(&format!(
        "<g class=\"gray-mark\" data-count=\"{count}\"><circle cx=\"{cx:.2}\" cy=\"{cy:.2}\" r=\"{r:.2}\" fill=\"{GRAY_MARK_COLOUR}\"/>"
    ));
    if r >= 7.0 {
        out.push_str(&format!(
            "<text x=\"{cx:.2}\" y=\"{:.2}\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\" fill=\"#ffffff\">{count}</text>",
            cy + 4.0
        ));
    } else {
        out.push_str(&format!(
            "<text x=\"{cx:.2}\" y=\"{:.2}\" text-anchor=\"middle\" font-size=\"8\" fill=\"{TEXT_COLOUR}\">{count}</text>",
            cy - r - 2.0
        ));
    }
    out.push_str("</g>\n");
}

fn tooltip(bar: &Bar, period: Period, options: &ChartOptions) -> String {
    let when = match period {
        Period::Week => format!(
            "{} (from {} {})",
            bar.key,
            options.week_start.day_name(),
            bar.start.format("%-d %b %Y")
        ),
        Period::Month => bar.start.format("%B %Y").to_string(),
    };
    if bar.runs == 0 {
        return format!("{when}: no runs");
    }
    let names = labels_of(options.method);
    let (a, b, c) = bar.shares;
    let mut text = format!(
        "{when}: {}, {}, {} — {} {a:.0} %, {} {b:.0} %, {} {c:.0} % — {}",
        counted(bar.runs, "run", "runs"),
        clock(bar.moving_time_s),
        options.units.distance(bar.distance_m),
        names[0],
        names[1],
        names[2],
        counted(bar.gray_zone_runs, "gray-zone run", "gray-zone runs")
    );
    if !bar.flags.is_empty() {
        let words: Vec<String> = bar.flags.iter().map(|f| f.words()).collect();
        text.push_str(&format!(" — {}", words.join(", ")));
    }
    if bar.left_out > 0 {
        text.push_str(&format!(
            " — {} more {} too short or implausible to judge, not counted",
            bar.left_out,
            if bar.left_out == 1 { "run" } else { "runs" }
        ));
    }
    text
}

fn target_line(out: &mut String, frame: &Frame, target_pct: f64) {
    let y = Frame::y(target_pct);
    let end = LEFT + frame.plot_w;
    out.push_str(&format!(
        "<line class=\"target\" x1=\"{LEFT}\" y1=\"{y:.2}\" x2=\"{end:.2}\" y2=\"{y:.2}\" stroke=\"#000000\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>\n<text x=\"{:.1}\" y=\"{:.2}\" font-size=\"11\" fill=\"{TEXT_COLOUR}\">target</text>\n<text x=\"{:.1}\" y=\"{:.2}\" font-size=\"11\" fill=\"{TEXT_COLOUR}\">{} %</text>\n",
        end + 6.0,
        y - 2.0,
        end + 6.0,
        y + 11.0,
        crate::report::target_words(target_pct)
    ));
}

/// The bar's label: `3 Jun` for a week (its first day), `Jun` for a month.
pub fn label(bar: &Bar, period: Period) -> String {
    match period {
        Period::Week => bar.start.format("%-d %b").to_string(),
        Period::Month if bar.gap_months > 0 => "…".to_string(),
        Period::Month => bar.start.format("%b").to_string(),
    }
}

/// Which bars get a label: every `step`-th week, or months on a calendar rhythm (every quarter
/// starts with Jan, Apr, Jul, Oct), so labels never crowd whatever the span.
fn labelled(bars: &[Bar], period: Period, slot: f64) -> Vec<usize> {
    match period {
        Period::Week => {
            // A week's "30 Sep" is about 40 px wide at 11 px.
            let step = (48.0 / slot).ceil().max(1.0) as usize;
            (0..bars.len()).step_by(step).collect()
        }
        Period::Month => {
            let needed = (30.0 / slot).ceil().max(1.0) as u32;
            let step = [1, 2, 3, 4, 6, 12]
                .into_iter()
                .find(|s| *s >= needed)
                .unwrap_or(12);
            // Where the running starts, and starts again after a gap, is named first (its
            // month and year); then the calendar's rhythm; a gap's "…" last. A label too near
            // one named before it is left out: at 12 px a bar a gap's "…" and the month after
            // it, and the years under them, were drawn over each other (newcomer 37 N4:
            // "20092012").
            let gap = |i: usize| bars[i].gap_months > 0;
            let restart = |i: usize| i == 0 || gap(i - 1);
            let mut chosen: Vec<usize> = Vec::new();
            let tiers: [&dyn Fn(usize) -> bool; 3] = [
                &|i| !gap(i) && restart(i),
                &|i| !gap(i) && bars[i].start.month0().is_multiple_of(step),
                &gap,
            ];
            for tier in tiers {
                for i in (0..bars.len()).filter(|&i| tier(i)) {
                    let clear = chosen
                        .iter()
                        .all(|&j| (i as f64 - j as f64).abs() * slot >= LABEL_MIN_GAP_PX);
                    if clear && !chosen.contains(&i) {
                        chosen.push(i);
                    }
                }
            }
            chosen.sort_unstable();
            chosen
        }
    }
}

/// Labels closer than this (centre to centre) overlap: "Jun" is about 20 px wide at 11 px, a
/// week's "30 Sep" about 40 (weeks are spaced for it, see [`labelled`]).
const LABEL_MIN_GAP_PX: f64 = 24.0;
/// A year in bold ("2024") is about 28 px wide.
const YEAR_MIN_GAP_PX: f64 = 34.0;
/// The second row of years, under the first (11 px type), above the axis's own label.
const YEAR_ROW_PX: f64 = 12.0;

fn x_labels(out: &mut String, frame: &Frame, bars: &[Bar], period: Period, week_start: WeekStart) {
    let base_y = TOP + PLOT_H + 16.0;
    out.push_str("<g class=\"x-axis\" font-size=\"11\">\n");
    let mut last_year = None;
    // Where the last year was drawn on each of two rows: a year too near the one before it goes
    // a row lower, so the running after a gap is dated however near the gap's other side is
    // (newcomer 38 N2: "May 2009 … Oct" read October 2009); too near both, it waits for its next
    // label.
    let mut last_year_x = [f64::NEG_INFINITY; 2];
    for i in labelled(bars, period, frame.slot) {
        let Some(bar) = bars.get(i) else { continue };
        let x = frame.centre(i);
        out.push_str(&format!(
            "<text class=\"x-label\" data-key=\"{}\" x=\"{:.2}\" y=\"{base_y:.1}\" text-anchor=\"middle\" fill=\"{TEXT_COLOUR}\">{}</text>\n",
            escape(&bar.key),
            frame.centre(i),
            escape(&label(bar, period))
        ));
        // The year under the first label of each year.
        // Never under a gap's "…": its first empty month's year is no running's.
        let year = bar.start.year();
        let row = (0..2).find(|&r| x - last_year_x[r] >= YEAR_MIN_GAP_PX);
        if let Some(row) = row.filter(|_| bar.gap_months == 0 && last_year != Some(year)) {
            out.push_str(&format!(
                "<text class=\"x-year\" x=\"{:.2}\" y=\"{:.1}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"{TEXT_COLOUR}\">{year}</text>\n",
                frame.centre(i),
                base_y + 14.0 + YEAR_ROW_PX * row as f64,
            ));
            last_year = Some(year);
            last_year_x[row] = x;
        }
    }
    let axis = match period {
        Period::Week => format!("week, from its {} (your local time)", week_start.day_name()),
        Period::Month => format!(
            "month (weeks counted in the month of their {})",
            week_start.middle_day_name()
        ),
    };
    out.push_str(&format!(
        "<text class=\"axis-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"12\" fill=\"{TEXT_COLOUR}\">{axis}</text>\n",
        LEFT + frame.plot_w / 2.0,
        base_y + 40.0
    ));
    out.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(monday: NaiveDate, low: f64, moderate: f64, high: f64, gray: usize) -> Week {
        let iso = monday.iso_week();
        let mut w = Week::default();
        w.week = format!("{}-W{:02}", iso.year(), iso.week());
        w.week_start = monday.format("%Y-%m-%d").to_string();
        (w.runs, w.recovery_runs, w.easy_runs, w.hard_runs) = (5, 1, 2, 2);
        w.gray_zone_runs = gray;
        (w.low_s, w.moderate_s, w.high_s) = (low, moderate, high);
        w.moving_time_s = low + moderate + high;
        w.distance_m = 40_000.0;
        w
    }

    fn monday(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn eight_weeks_are_eight_bars_with_a_gap_kept_and_all_labelled() {
        let start = monday(2024, 6, 3);
        let weeks: Vec<Week> = (0..8)
            .filter(|i| *i != 5)
            .map(|i| week(start + Duration::days(7 * i), 800.0, 100.0, 100.0, 1))
            .collect();
        let (period, bars) = bars(&weeks, Method::Time, WeekStart::Monday);
        assert_eq!(period, Period::Week);
        assert_eq!(bars.len(), 8);
        assert_eq!(bars[5].runs, 0);
        assert_eq!(bars[5].key, "2024-W28");
        assert_eq!(bars[5].shares, (0.0, 0.0, 0.0));
        assert!((bars[0].shares.0 - 80.0).abs() < 1e-9);
        assert!(bars[0].meets(80.0) && !bars[5].meets(80.0));
        let svg = render(&bars, period, &ChartOptions::default());
        assert_eq!(svg.matches("class=\"x-label\"").count(), 8);
        assert!(svg.contains(">3 Jun</text>") && svg.contains(">22 Jul</text>"));
        assert_eq!(svg.matches("class=\"gray-mark\"").count(), 7);
    }

    #[test]
    fn sessions_split_easy_gray_and_other_hard_runs() {
        let w = week(monday(2024, 6, 3), 1.0, 1.0, 1.0, 1);
        let (_, bars) = bars(&[w], Method::Sessions, WeekStart::Monday);
        // 5 runs: 3 easy or recovery, 1 gray-zone, 1 other hard.
        let (a, b, c) = bars[0].shares;
        assert!((a - 60.0).abs() < 1e-9 && (b - 20.0).abs() < 1e-9 && (c - 20.0).abs() < 1e-9);
    }

    #[test]
    fn five_years_become_months_of_whole_weeks() {
        let start = monday(2019, 12, 30);
        let weeks: Vec<Week> = (0..261)
            .map(|i| {
                week(
                    start + Duration::days(7 * i),
                    700.0 + i as f64,
                    200.0,
                    100.0,
                    usize::from(i % 4 == 0),
                )
            })
            .collect();
        let (period, bars) = bars(&weeks, Method::Time, WeekStart::Monday);
        assert_eq!(period, Period::Month);
        // 2019-12-30's Thursday is 2 Jan 2020; the last Monday, 2024-12-23, is in December 2024.
        assert_eq!(bars.len(), 60);
        assert_eq!(bars[0].key, "2020-01");
        assert_eq!(bars[59].key, "2024-12");
        assert_eq!(bars.iter().map(|b| b.runs).sum::<usize>(), 261 * 5);
        assert_eq!(bars.iter().map(|b| b.gray_zone_runs).sum::<usize>(), 66);
        // January 2020: the weeks of 30 Dec, 6, 13, 20 and 27 Jan (Thursday 30 Jan).
        assert_eq!(bars[0].runs, 25);
        let low: f64 = (0..5).map(|i| 700.0 + i as f64).sum();
        assert!((bars[0].shares.0 - low / (low + 1500.0) * 100.0).abs() < 1e-9);
        let svg = render(&bars, period, &ChartOptions::default());
        // Labels never crowd: every quarter at 12 px a bar, years at each January.
        let xs: Vec<f64> = svg
            .split("class=\"x-label\"")
            .skip(1)
            .filter_map(|s| s.split("x=\"").nth(1)?.split('"').next()?.parse().ok())
            .collect();
        assert_eq!(xs.len(), 20);
        assert!(xs.windows(2).all(|w| w[1] - w[0] >= 30.0));
        assert_eq!(svg.matches("class=\"x-year\"").count(), 5);
        assert!(svg.contains("month by month"));
    }

    #[test]
    fn sunday_weeks_go_to_the_month_of_their_wednesday() {
        // Sunday 2019-12-29 (Wednesday 1 January 2020) to Sunday 2024-12-22: 261 weeks.
        let start = monday(2019, 12, 29);
        let weeks: Vec<Week> = (0..261)
            .map(|i| {
                let mut w = week(start + Duration::days(7 * i), 700.0, 200.0, 100.0, 0);
                w.week = w.week_start.clone();
                w
            })
            .collect();
        let (period, bars) = bars(&weeks, Method::Time, WeekStart::Sunday);
        assert_eq!(period, Period::Month);
        assert_eq!(bars.len(), 60);
        assert_eq!((bars[0].key.as_str(), bars[0].runs), ("2020-01", 25));
        // Sunday 2024-03-31 falls in April by its Wednesday (3 April); March 2024 is the weeks of
        // 3, 10, 17 and 24 March. The Monday week of 2024-03-25 counts in March by its Thursday.
        assert_eq!((bars[50].key.as_str(), bars[50].runs), ("2024-03", 20));
        assert_eq!((bars[51].key.as_str(), bars[51].runs), ("2024-04", 20));
        assert_eq!(bars.iter().map(|b| b.runs).sum::<usize>(), 261 * 5);
        let options = ChartOptions {
            week_start: WeekStart::Sunday,
            ..ChartOptions::default()
        };
        let svg = render(&bars, period, &options);
        assert!(svg.contains(">month (weeks counted in the month of their Wednesday)</text>"));
    }

    #[test]
    fn an_empty_sunday_week_keeps_its_place_under_a_sunday_name() {
        let first = monday(2024, 6, 2);
        let weeks: Vec<Week> = [0, 2]
            .iter()
            .map(|i| {
                let start = first + Duration::days(7 * i);
                let mut w = week(start, 800.0, 100.0, 100.0, 0);
                w.week = WeekStart::Sunday.label(start);
                w
            })
            .collect();
        let (_, bars) = bars(&weeks, Method::Time, WeekStart::Sunday);
        let keys: Vec<&str> = bars.iter().map(|b| b.key.as_str()).collect();
        assert_eq!(keys, ["Sun 2024-06-02", "Sun 2024-06-09", "Sun 2024-06-16"]);
        assert_eq!(bars[1].runs, 0);
        let options = ChartOptions {
            week_start: WeekStart::Sunday,
            ..ChartOptions::default()
        };
        let svg = render(&bars, Period::Week, &options);
        // The span ends on the last week's Saturday.
        assert!(svg.contains("2 Jun 2024 – 22 Jun 2024"), "{svg}");
        assert!(svg.contains("Sun 2024-06-09 (from Sunday 9 Jun 2024): no runs"));
    }

    #[test]
    fn a_gap_s_labels_and_years_never_overlap() {
        // A run in May 2009, then three years' gap, then running from October 2012 for three
        // years: "…" and "Oct" one bar apart, and "2009" over "2012" (newcomer 37 N4).
        let mut weeks = vec![week(monday(2009, 5, 11), 800.0, 100.0, 100.0, 0)];
        let restart = monday(2012, 10, 1);
        weeks.extend(
            (0..156).map(|i| week(restart + Duration::days(7 * i), 800.0, 100.0, 100.0, 0)),
        );
        let (period, bars) = bars(&weeks, Method::Time, WeekStart::Monday);
        assert_eq!(period, Period::Month);
        let svg = render(&bars, period, &ChartOptions::default());
        let xs = |class: &str| -> Vec<(f64, String)> {
            svg.split(&format!("class=\"{class}\""))
                .skip(1)
                .filter_map(|s| {
                    let x = s.split("x=\"").nth(1)?.split('"').next()?.parse().ok()?;
                    let text = s.split('>').nth(1)?.split('<').next()?.to_string();
                    Some((x, text))
                })
                .collect()
        };
        let labels = xs("x-label");
        assert!(
            labels
                .windows(2)
                .all(|w| w[1].0 - w[0].0 >= LABEL_MIN_GAP_PX),
            "{labels:?}"
        );
        // Where the running starts again is named; the gap's "…" gave way to it.
        assert_eq!(labels[0].1, "May");
        assert_eq!(labels[1].1, "Oct");
        let years = xs("x-year");
        // Years on a row never overlap: (x, row), the row read from each year's y.
        let rows: Vec<f64> = svg
            .split("class=\"x-year\"")
            .skip(1)
            .filter_map(|s| s.split("y=\"").nth(1)?.split('"').next()?.parse().ok())
            .collect();
        for row in [rows[0], rows[0] + YEAR_ROW_PX] {
            let on_row: Vec<f64> = years
                .iter()
                .zip(&rows)
                .filter(|(_, y)| (**y - row).abs() < 0.01)
                .map(|((x, _), _)| *x)
                .collect();
            assert!(
                on_row.windows(2).all(|w| w[1] - w[0] >= YEAR_MIN_GAP_PX),
                "{years:?} {rows:?}"
            );
        }
        // The running after the gap is dated, under the month it starts again (newcomer 38 N2:
        // "Oct" stood yearless after "May 2009").
        assert_eq!((years[0].1.as_str(), years[1].1.as_str()), ("2009", "2012"));
        assert_eq!(years[1].0, labels[1].0);
        assert!(
            years.iter().all(|(_, y)| y != "2010" && y != "2011"),
            "{years:?}"
        );
    }

    #[test]
    fn far_apart_dates_are_a_gap_and_the_picture_has_a_largest_size() {
        // A run in March 2024 and a file dated 9999: two bars and one gap, not 95 700 bars.
        let weeks = [
            week(monday(2024, 2, 26), 800.0, 100.0, 100.0, 0),
            week(monday(2024, 4, 8), 800.0, 100.0, 100.0, 0),
            week(monday(9999, 3, 1), 800.0, 100.0, 100.0, 1),
        ];
        let (period, bars) = bars(&weeks, Method::Time, WeekStart::Monday);
        assert_eq!(period, Period::Month);
        let keys: Vec<(&str, i64)> = bars
            .iter()
            .map(|b| (b.key.as_str(), b.gap_months))
            .collect();
        // Feb 2024 (its Thursday is 29 Feb), March empty, April, then 95 700 empty months.
        assert_eq!(
            keys,
            [
                ("2024-02", 0),
                ("2024-03", 0),
                ("2024-04", 0),
                ("2024-05", 95_698),
                ("9999-03", 0)
            ]
        );
        let svg = render(&bars, period, &ChartOptions::default());
        assert!(svg.contains("<g class=\"gap\" data-start=\"2024-05-01\" data-months=\"95698\">"));
        assert!(
            svg.contains("no runs for 95698 months (May 2024 – Feb 9999)"),
            "{svg}"
        );
        assert!(svg.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"grayzone-chart\" width=\"844\""
        ));
        assert!(svg.len() < 20_000, "{}", svg.len());

        // A run every 52 weeks for 400 years: the 11 empty months between two runs stay bars,
        // thousands of them, of which the last 160 are drawn.
        let many: Vec<Week> = (0..400)
            .map(|i| {
                week(
                    monday(2000, 1, 3) + Duration::days(364 * i),
                    800.0,
                    100.0,
                    100.0,
                    0,
                )
            })
            .collect();
        let (period, many_bars) = super::bars(&many, Method::Time, WeekStart::Monday);
        assert!(many_bars.len() > MAX_BARS);
        let svg = render(&many_bars, period, &ChartOptions::default());
        let width = LEFT + MAX_BARS as f64 * MIN_SLOT + RIGHT;
        assert!(
            svg.contains(&format!("width=\"{width:.0}\"")),
            "{}",
            &svg[..300]
        );
        assert_eq!(svg.matches("<g class=\"bar\"").count(), MAX_BARS);
        assert!(svg.contains(&format!(
            "(the {} bars before it not shown)",
            many_bars.len() - MAX_BARS
        )));
    }

    #[test]
    fn no_weeks_is_an_empty_chart_not_a_panic() {
        let svg = svg(&[], &ChartOptions::default());
        assert!(svg.contains("no runs") && svg.ends_with("</svg>\n"));
    }
}
