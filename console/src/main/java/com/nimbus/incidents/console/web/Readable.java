package com.nimbus.incidents.console.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * How the console writes times, durations, levels, money and percentages for people
 * (templates call it as {@code ${@readable.duration(...)}}): durations as "1 h 58 min",
 * times to the minute in UTC with a relative hint, enum values in words, money with its
 * currency symbol and exact digits, uptime with 4 decimals. A value it cannot read is
 * shown as it came, never hidden; an absent one is "—".
 */
@Component("readable")
public class Readable {

	static final String NONE = "—";

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private final Clock clock;

	public Readable() {
		this(Clock.systemUTC());
	}

	Readable(Clock clock) {
		this.clock = clock;
	}

	/**
	 * @param iso an ISO-8601 duration ({@code PT1H58M}, {@code PT20M28.426S})
	 * @return "1 h 58 min", "20 min", "45 s", "2 d 3 h"; whole units, rounded down
	 */
	public String duration(Object iso) {
		if (blank(iso)) {
			return NONE;
		}
		try {
			return spoken(Duration.parse(iso.toString()));
		}
		catch (DateTimeParseException ex) {
			return iso.toString();
		}
	}

	static String spoken(Duration duration) {
		String sign = duration.isNegative() ? "−" : "";
		Duration d = duration.abs();
		long days = d.toDays();
		long hours = d.toHoursPart();
		long minutes = d.toMinutesPart();
		if (days > 0) {
			return sign + days + " d" + ((hours > 0) ? " " + hours + " h" : "");
		}
		if (hours > 0) {
			return sign + hours + " h" + ((minutes > 0) ? " " + minutes + " min" : "");
		}
		if (minutes > 0) {
			return sign + minutes + " min";
		}
		return sign + d.toSecondsPart() + " s";
	}

	/**
	 * @param iso an instant
	 * @return "2026-11-30 14:05 UTC": to the minute, seconds and fractions dropped
	 */
	public String time(Object iso) {
		Instant instant = instant(iso);
		return (instant == null) ? text(iso) : MINUTE.format(instant);
	}

	/**
	 * @param iso an instant
	 * @return "30 Nov 2026" (UTC)
	 */
	public String date(Object iso) {
		Instant instant = instant(iso);
		return (instant == null) ? text(iso) : DATE.format(instant);
	}

	/**
	 * @param iso an instant
	 * @return "just now", "12 min ago", "3 h ago", "2 d ago", or "in 5 min" for a future
	 * one
	 */
	public String ago(Object iso) {
		Instant instant = instant(iso);
		if (instant == null) {
			return "";
		}
		Duration between = Duration.between(instant, this.clock.instant());
		if (between.abs().compareTo(Duration.ofMinutes(1)) < 0) {
			return "just now";
		}
		String span = relative(between.abs());
		return between.isNegative() ? "in " + span : span + " ago";
	}

	private static String relative(Duration d) {
		if (d.toDays() > 0) {
			return d.toDays() + " d";
		}
		if (d.toHours() > 0) {
			return d.toHours() + " h";
		}
		return d.toMinutes() + " min";
	}

	/**
	 * @param value an enum value on the wire ({@code MAJOR_OUTAGE},
	 * {@code INVESTIGATING})
	 * @return it in words: "Major outage", "Investigating"; {@code SEV1} stays "SEV1"
	 */
	public String words(Object value) {
		if (blank(value)) {
			return NONE;
		}
		String raw = value.toString();
		if (raw.matches("SEV\\d")) {
			return raw;
		}
		String spaced = raw.replace('_', ' ').toLowerCase(Locale.ROOT);
		return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
	}

	/**
	 * @param amount an exact decimal string
	 * @param currency an ISO-4217 code
	 * @return "$1,234.50", "€0.25", "CHF 12.00": every digit the amount has, at least the
	 * currency's own
	 */
	public String money(Object amount, Object currency) {
		if (blank(amount)) {
			return NONE;
		}
		BigDecimal value;
		try {
			value = new BigDecimal(amount.toString());
		}
		catch (NumberFormatException ex) {
			return amount.toString();
		}
		String symbol = "";
		int digits = 2;
		if (!blank(currency)) {
			try {
				Currency code = Currency.getInstance(currency.toString());
				symbol = code.getSymbol(Locale.ENGLISH);
				digits = Math.max(0, code.getDefaultFractionDigits());
			}
			catch (IllegalArgumentException ex) {
				symbol = currency.toString();
			}
		}
		int scale = Math.max(digits, Math.max(0, value.stripTrailingZeros().scale()));
		DecimalFormat format = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ENGLISH));
		format.setMinimumFractionDigits(scale);
		format.setMaximumFractionDigits(scale);
		format.setRoundingMode(RoundingMode.UNNECESSARY);
		String digitsText = format.format(value.abs());
		String sign = (value.signum() < 0) ? "−" : "";
		String separator = (symbol.length() > 1 && Character.isLetter(symbol.charAt(symbol.length() - 1))) ? " " : "";
		return sign + symbol + separator + digitsText;
	}

	/**
	 * @param share an exact share of 1 ({@code "0.99875"}) as the status page's uptime
	 * holds it
	 * @return "99.8750 %": 4 decimals, rounded down so that a bad day never reads as 100
	 */
	public String uptime(Object share) {
		if (blank(share)) {
			return NONE;
		}
		try {
			return new BigDecimal(share.toString()).movePointRight(2).setScale(4, RoundingMode.DOWN).toPlainString()
					+ " %";
		}
		catch (NumberFormatException ex) {
			return share.toString();
		}
	}

	/**
	 * @param percent an exact percentage string ({@code "10.5"})
	 * @return "10.5 %"
	 */
	public String percent(Object percent) {
		return blank(percent) ? NONE : percent + " %";
	}

	private static Instant instant(Object iso) {
		if (blank(iso)) {
			return null;
		}
		try {
			return Instant.parse(iso.toString());
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static String text(Object value) {
		return blank(value) ? NONE : value.toString();
	}

	private static boolean blank(Object value) {
		return value == null || value.toString().isBlank();
	}

}
