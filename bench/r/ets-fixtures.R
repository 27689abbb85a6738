# R reference values for ml/models/ets (forecast's ets() + forecast.ets()). Run from the repository root:
#   Rscript bench/r/ets-fixtures.R                 writes ml/models/ets/fixtures/r-ets.json (test fixtures:
#                                                  ~15 M1 series and a few synthetic ones, values copied in)
#   Rscript bench/r/ets-fixtures.R --m1-all OUT    writes OUT (CSV: set,id,method,loglik,aicc,seconds) with
#                                                  R's automatic choice for every M1 series (for comparison
#                                                  runs; not a test input)
suppressMessages({ library(forecast); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
dir <- "../shared/data/m1"
read_m1 <- function(period) {
  d <- read.csv(file.path(dir, paste0("m1-", period, "-train.csv")), stringsAsFactors = FALSE)
  out <- list()
  for (i in seq_len(nrow(d))) {
    v <- as.numeric(d[i, -1])
    out[[d[i, 1]]] <- v[!is.na(v)]
  }
  out
}
periods <- list(yearly = list(m = 1, h = 6), quarterly = list(m = 4, h = 8), monthly = list(m = 12, h = 18))

if (length(args) >= 2 && args[1] == "--m1-all") {
  rows <- list()
  for (p in names(periods)) {
    all <- read_m1(p)
    for (id in names(all)) {
      y <- ts(all[[id]], frequency = periods[[p]]$m)
      t <- system.time(fit <- ets(y))["elapsed"]
      rows[[length(rows) + 1]] <- data.frame(set = paste0("m1-", p), id = id, method = fit$method,
        loglik = if (is.null(fit$loglik)) NA else fit$loglik, aicc = if (is.null(fit$aicc)) NA else fit$aicc,
        seconds = unname(t))
    }
  }
  write.csv(do.call(rbind, rows), args[2], row.names = FALSE)
  quit(save = "no")
}

desc <- function(fit, y, h) {
  fc <- forecast(fit, h = h, level = c(80, 95))
  num <- function(v) if (is.null(v)) NA else v
  list(
    method = fit$method,
    components = as.list(fit$components),
    loglik = num(fit$loglik), aicc = num(fit$aicc), aic = num(fit$aic), sigma2 = num(fit$sigma2),
    par = as.list(fit$par),
    initstate = unname(fit$initstate),
    laststate = unname(fit$states[length(y) + 1, ]),
    mean = as.numeric(fc$mean),
    lower80 = as.numeric(fc$lower[, 1]), upper80 = as.numeric(fc$upper[, 1]),
    lower95 = as.numeric(fc$lower[, 2]), upper95 = as.numeric(fc$upper[, 2])
  )
}
# forced forms: [E, T, S, damped]
forms <- list(
  ANN = c("A", "N", "N", FALSE), AAN = c("A", "A", "N", FALSE), AAdN = c("A", "A", "N", TRUE),
  MNN = c("M", "N", "N", FALSE), MAdN = c("M", "A", "N", TRUE),
  ANA = c("A", "N", "A", FALSE), AAdA = c("A", "A", "A", TRUE), MNA = c("M", "N", "A", FALSE),
  MNM = c("M", "N", "M", FALSE), MAM = c("M", "A", "M", FALSE), MAdM = c("M", "A", "M", TRUE)
)
entry <- function(id, kind, y, m, h, extra = list()) {
  y <- ts(y, frequency = m)
  fixed <- list()
  for (k in names(forms)) {
    f <- forms[[k]]
    if (f[3] != "N" && (m == 1 || length(y) <= m)) next
    if ((f[1] == "M" || f[3] == "M") && min(y) <= 0) next
    fit <- tryCatch(ets(y, model = paste0(f[1], f[2], f[3]), damped = as.logical(f[4])), error = function(e) NULL)
    if (!is.null(fit)) fixed[[k]] <- desc(fit, y, h)
  }
  c(list(id = id, kind = kind, m = m, h = h, values = as.numeric(y), auto = desc(ets(y), y, h), fixed = fixed), extra)
}

res <- list()
picks <- list(yearly = c("YAF2", "YAM5", "YAM26", "YAI4", "YAG9"), quarterly = c("QRF1", "QNM1", "QNM10", "QNB1", "QNF2"),
  monthly = c("MRF1", "MNM26", "MNB30", "MNI62", "MND19"))
for (p in names(picks)) {
  all <- read_m1(p)
  stopifnot(all(picks[[p]] %in% names(all)))
  for (id in picks[[p]]) res[[length(res) + 1]] <- entry(id, paste0("m1-", p), all[[id]], periods[[p]]$m, periods[[p]]$h)
}
# synthetic and classic series
res[[length(res) + 1]] <- entry("AirPassengers", "multiplicative season", as.numeric(AirPassengers), 12, 24)
set.seed(12)
n <- 40
lev <- 100 + cumsum(30 * 0.85^(1:n)) # growth that dies out: a damped trend
res[[length(res) + 1]] <- entry("damped", "damped trend", round(lev + rnorm(n, 0, 2), 6), 1, 10)
q <- rep(c(0, 3, 8, 2), 8) + rpois(32, 2) # quarterly counts with zeros: no multiplicative forms
q[c(1, 5, 13)] <- 0
res[[length(res) + 1]] <- entry("zeros", "zeros", q, 4, 8)
mth <- round(5 * sin(2 * pi * (1:60) / 12) + cumsum(rnorm(60, 0, 1)) - 3, 6) # monthly, crosses zero
res[[length(res) + 1]] <- entry("negatives", "negatives", mth, 12, 12)
res[[length(res) + 1]] <- entry("short", "short (Holt-Winters fallback)", c(12, 15, 14, 18, 21, 20), 1, 4)
# multiplicative trend, allowed explicitly: R simulates its intervals (5000 paths)
g <- round(50 * 1.06^(1:30) * exp(rnorm(30, 0, 0.03)), 6)
set.seed(1)
mmn <- ets(ts(g, frequency = 1), model = "MMN", damped = FALSE)
res[[length(res) + 1]] <- list(id = "mult-trend", kind = "multiplicative trend (simulated intervals)", m = 1, h = 8,
  values = g, auto = desc(mmn, g, 8), fixed = list())

writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, na = "null"), "ml/models/ets/fixtures/r-ets.json")

# R's admissibility verdict (check.param, bounds "both") on random parameter draws, half of them in
# the corner of tiny alpha and gamma where the seasonal polynomial has roots on the unit circle
set.seed(3)
adm <- list()
for (k in 1:600) {
  m <- if (k %% 2) 4 else 12
  tiny <- k %% 4 < 2
  a <- if (tiny) runif(1, 1e-4, 2e-3) else exp(runif(1, log(1e-4), log(0.9999)))
  g <- if (tiny) runif(1, 1e-4, 2e-3) else runif(1, 1e-4, 1.1 - a) # some beyond the usual gamma <= 1 - alpha
  hasb <- runif(1) < 0.5
  b <- if (hasb) runif(1, 1e-4, a) else 0
  damped <- hasb && runif(1) < 0.5
  phi <- if (damped) runif(1, 0.8, 0.98) else 1
  # 12 significant digits survive the JSON (15 digits) exactly
  a <- signif(a, 12); b <- signif(b, 12); g <- signif(g, 12); phi <- signif(phi, 12)
  ok <- forecast:::check.param(a, if (hasb) b else NULL, g, if (damped) phi else NULL,
    c(1e-4, 1e-4, 1e-4, 0.8), c(0.9999, 0.9999, 0.9999, 0.98), "both", m)
  adm[[k]] <- list(m = m, alpha = a, beta = if (hasb) b else NA, gamma = g, phi = if (damped) phi else NA, admissible = ok == 1)
}
writeLines(toJSON(adm, auto_unbox = TRUE, digits = NA, na = "null"), "ml/models/ets/fixtures/r-admissible.json")

# R's log() (the C library's) on random arguments: the likelihood's rounding follows it
set.seed(5)
x <- c(exp(runif(700, -12, 25)), 1 + runif(150, -1e-3, 1e-3), runif(150, 0.5, 2))
num17 <- function(v) paste(sprintf("%.17g", v), collapse = ",")
writeLines(paste0('{"x":[', num17(x), '],"log":[', num17(log(x)), "]}"), "ml/models/ets/fixtures/r-log.json")
cat("wrote", length(res), "series; forecast", as.character(packageVersion("forecast")), "\n")
