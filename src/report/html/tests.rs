//! The HTML report on the quick start worked by hand (P_base = $0.0088,
//! P_tuned = $0.00152, Δ = $0.00728, T = $30): snapshots hold its bytes, so
//! identical inputs give an identical file and a change is a reviewable diff.

use jiff::civil::date;

use super::{About, Html};
use crate::analysis::fixture::{quick_start, resolved};
use crate::analysis::sweep::{sweep, Range};
use crate::analysis::{analyse, Report};
use crate::report::Renderer;

fn about() -> About {
    About {
        command: Some(About::command_line(
            ["breakeven", "--base", "acme/big", "--note", "it's <b>"].map(Into::into),
        )),
        version: "0.1.0".into(),
        today: Some((date(2026, 11, 27), true)),
        sheets: vec!["acme.toml (given)".into()],
    }
}

/// 100,000 requests a month for 6 months: 600,000 requests, so the tuned
/// path saves 600,000 × $0.00728 = $4,368 against T = $30: net $4,338.
fn with_horizon() -> Report {
    let mut given = quick_start();
    given.volume = None;
    given.horizon.per_month = Some(100_000);
    given.horizon.months = Some(6);
    let (inputs, today) = resolved(&given);
    analyse(&inputs, today).unwrap()
}

#[test]
fn breakeven_report_is_the_same_bytes_for_the_same_inputs() {
    let report = with_horizon();
    let html = Html { about: about() }.breakeven(&report).unwrap();
    assert_eq!(html, Html { about: about() }.breakeven(&with_horizon()).unwrap());
    // The figures hand-computed above, as the table prints them.
    assert!(html.contains(r#"<dd id="net-saving">$4,338.00</dd>"#));
    assert!(html.contains(r#"<dd id="break-even">4,121 requests</dd>"#));
    assert!(html.contains("<th scope=\"row\">acme/small</th><td>$942.00</td><td>$4,338.00</td>"));
    insta::assert_snapshot!("breakeven", html);
}

#[test]
fn sweep_report_is_the_same_bytes_for_the_same_inputs() {
    let (inputs, today) = resolved(&quick_start());
    let swept = sweep(&inputs, Range::new(1_000, 100_000, 5).unwrap(), today).unwrap();
    let html = Html { about: about() }.sweep(&swept).unwrap();
    // 4,121 requests: the break-even volume, as the sweep's footer says it.
    assert!(html.contains("break-even at 4,121 requests"));
    insta::assert_snapshot!("sweep", html);
}

#[test]
fn the_command_line_is_shell_quoted() {
    let args = ["breakeven", "--base", "a b", "--x", "it's", "plain"].map(Into::into);
    assert_eq!(
        About::command_line(args),
        r#"ftvp breakeven --base 'a b' --x "it's" plain"#
    );
}

#[test]
fn user_strings_are_escaped_and_their_control_characters_shown() {
    let mut about = about();
    about.sheets = vec!["<script>alert(\"&\")</script>\u{1b}[31m".into()];
    let html = Html { about }.breakeven(&with_horizon()).unwrap();
    assert!(!html.contains("<script>") && !html.contains('\u{1b}'));
    assert!(html.contains("&lt;script&gt;alert(&quot;&amp;&quot;)&lt;/script&gt;\\u{1b}[31m"));
}
