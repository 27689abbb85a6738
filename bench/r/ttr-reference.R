# R reference values for ml/indicators (TTR's technical indicators). Run from the repository root:
#   Rscript bench/r/ttr-reference.R [OHLCV_CSV] [OUT_DIR]
# defaults: data/demo/ttrc-daily-ohlcv.csv (the shipped ticker, columns date,open,high,low,close,volume)
# and ml/indicators/fixtures/. Writes one CSV per indicator (date + one column per output), every number
# as sprintf("%.17g") so it round-trips to the same double, NA where TTR gives NA.
# TTR is called on plain vectors/matrices (not xts); its defaults are used unless a column name says
# otherwise. It also checks the reference file shipped with the market data (ttrc-reference-indicators-TTR.csv,
# beside the input or in ../shared/data/market) against TTR and prints the largest difference per column.
suppressMessages(library(TTR))
args <- commandArgs(trailingOnly = TRUE)
input <- if (length(args) >= 1) args[1] else "data/demo/ttrc-daily-ohlcv.csv"
out <- if (length(args) >= 2) args[2] else "ml/indicators/fixtures"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

d <- read.csv(input, stringsAsFactors = FALSE)
stopifnot(all(c("date", "open", "high", "low", "close", "volume") %in% names(d)))
cl <- d$close
hlc <- cbind(d$high, d$low, d$close)

num <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", as.numeric(v)))
emit <- function(name, cols) {
  df <- data.frame(date = d$date, stringsAsFactors = FALSE)
  for (k in names(cols)) {
    v <- as.numeric(cols[[k]])
    stopifnot(length(v) == nrow(d))
    df[[k]] <- num(v)
  }
  path <- file.path(out, paste0(name, ".csv"))
  write.csv(df, path, row.names = FALSE, quote = FALSE)
  cat(sprintf("%-8s %s (%d rows, %s)\n", name, path, nrow(df), paste(names(cols), collapse = ",")))
}

emit("sma", list(sma10 = SMA(cl, 10), sma20 = SMA(cl, 20), sma50 = SMA(cl, 50)))
emit("ema", list(
  ema10 = EMA(cl, 10), ema20 = EMA(cl, 20),
  ema14_wilder = EMA(cl, 14, wilder = TRUE), ema20_wilder = EMA(cl, 20, wilder = TRUE)
))
emit("wma", list(wma10 = WMA(cl, 10), wma20 = WMA(cl, 20)))
m_pct <- MACD(cl, 12, 26, 9, percent = TRUE)
m_abs <- MACD(cl, 12, 26, 9, percent = FALSE)
emit("macd", list(
  macd_pct = m_pct[, "macd"], signal_pct = m_pct[, "signal"],
  macd_abs = m_abs[, "macd"], signal_abs = m_abs[, "signal"]
))
emit("rsi", list(rsi14 = RSI(cl, 14), rsi2 = RSI(cl, 2)))
bb <- BBands(hlc, n = 20, sd = 2)
bbc <- BBands(cl, n = 20, sd = 2)
emit("bbands", list(
  dn = bb[, "dn"], mavg = bb[, "mavg"], up = bb[, "up"], pctB = bb[, "pctB"],
  close_dn = bbc[, "dn"], close_mavg = bbc[, "mavg"], close_up = bbc[, "up"], close_pctB = bbc[, "pctB"]
))
a <- ATR(hlc, n = 14)
emit("atr", list(tr = a[, "tr"], atr = a[, "atr"], trueHigh = a[, "trueHigh"], trueLow = a[, "trueLow"]))
s <- stoch(hlc, nFastK = 14, nFastD = 3, nSlowD = 3)
emit("stoch", list(fastK = s[, "fastK"], fastD = s[, "fastD"], slowD = s[, "slowD"]))
emit("obv", list(obv = OBV(cl, d$volume)))
emit("roc", list(
  roc1_continuous = ROC(cl, 1), roc1_discrete = ROC(cl, 1, type = "discrete"),
  roc10_continuous = ROC(cl, 10), roc10_discrete = ROC(cl, 10, type = "discrete")
))
emit("cci", list(cci = CCI(hlc, n = 20, c = 0.015)))
emit("wpr", list(wpr = WPR(hlc, n = 14)))
x <- ADX(hlc, n = 14)
emit("adx", list(DIp = x[, "DIp"], DIn = x[, "DIn"], DX = x[, "DX"], ADX = x[, "ADX"]))

# The reference file shipped beside the data: which TTR calls reproduce it, and how closely.
ref_path <- Filter(file.exists, c(
  file.path(dirname(input), "ttrc-reference-indicators-TTR.csv"),
  "../shared/data/market/ttrc-reference-indicators-TTR.csv"
))[1]
if (!is.na(ref_path)) {
  r <- read.csv(ref_path, stringsAsFactors = FALSE)
  mine <- list(
    sma20 = SMA(cl, 20), ema20 = EMA(cl, 20), rsi14 = RSI(cl, 14),
    macd = m_abs[, "macd"], macd_signal = m_abs[, "signal"],
    bb_lower = bbc[, "dn"], bb_mid = bbc[, "mavg"], bb_upper = bbc[, "up"]
  )
  cat("\n", ref_path, " vs TTR (macd: percent = FALSE; bb_*: BBands on close, not HLC):\n", sep = "")
  for (k in names(mine)) {
    same_na <- identical(is.na(r[[k]]), is.na(mine[[k]]))
    cat(sprintf("  %-12s NA positions %s, max |diff| %.3g\n", k, if (same_na) "match" else "DIFFER",
      max(abs(r[[k]] - mine[[k]]), na.rm = TRUE)))
  }
}
