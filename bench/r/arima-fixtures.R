# Fixtures for ml/models/arima: R's forecast::auto.arima (and Arima at forced orders) on M1 series
# and a few synthetic ones.
#   Rscript bench/r/arima-fixtures.R ../shared/data/m1 ml/models/arima/fixtures/auto-arima.json
# Per series: the values, auto.arima's chosen (p,d,q)(P,D,Q)[m], the constant (drift / mean / none),
# coefficients, sigma2, loglik, aicc, point forecasts with 80/95 % bounds, ndiffs / nsdiffs as
# auto.arima runs them (nsdiffs on the series, ndiffs after the seasonal differences), seconds of
# auto.arima, and Arima() at two forced orders (coef + loglik); and makeARIMA's Pn for three ARMA models.
suppressMessages({ library(forecast); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
m1dir <- if (length(args) >= 1) args[1] else "../shared/data/m1"
out <- if (length(args) >= 2) args[2] else "ml/models/arima/fixtures/auto-arima.json"

read_m1 <- function(period) {
  d <- read.csv(file.path(m1dir, sprintf("m1-%s-train.csv", period)), stringsAsFactors = FALSE)
  ids <- d[[1]]
  vals <- lapply(seq_len(nrow(d)), function(i) { v <- as.numeric(d[i, -1]); v[!is.na(v)] })
  setNames(vals, ids)
}
pick <- list(
  yearly = list(m = 1, h = 6, ids = c("YAF2", "YAF6", "YAF14", "YAM5")),
  quarterly = list(m = 4, h = 8, ids = c("QRM1", "QNF1", "QNM2", "QNB2")),
  monthly = list(m = 12, h = 18, ids = c("MRM4", "MRF1", "MRB5", "MRB7"))
)
series <- list()
for (period in names(pick)) {
  all <- read_m1(period)
  p <- pick[[period]]
  ids <- p$ids[p$ids %in% names(all)]
  if (length(ids) < length(p$ids)) ids <- c(ids, setdiff(names(all), ids)[seq_len(length(p$ids) - length(ids))])
  for (id in ids) series[[length(series) + 1]] <- list(id = id, kind = paste0("m1-", period), m = p$m, h = p$h, values = all[[id]])
}
set.seed(20261202)
ar1 <- as.numeric(arima.sim(list(ar = 0.7), n = 100)) + 10
srw <- 100 + as.numeric(filter(rnorm(96), c(rep(0, 11), 1), method = "recursive"))
drift <- 20 + cumsum(0.8 + rnorm(60))
series <- c(series, list(
  list(id = "ar1", kind = "synthetic", m = 1, h = 10, values = round(ar1, 6)),
  list(id = "seasonal-rw", kind = "synthetic", m = 12, h = 24, values = round(srw, 6)),
  list(id = "drift", kind = "synthetic", m = 1, h = 10, values = round(drift, 6)),
  list(id = "constant", kind = "synthetic", m = 1, h = 5, values = rep(5, 30)),
  list(id = "short", kind = "synthetic", m = 1, h = 3, values = c(3, 5, 4, 6, 7)),
  list(id = "short-seasonal", kind = "synthetic", m = 4, h = 4, values = c(10, 14, 8, 12, 11, 15, 9))
))

constant_kind <- function(fit) {
  nm <- names(coef(fit))
  if ("drift" %in% nm) "drift" else if ("intercept" %in% nm) "intercept" else "none"
}
describe <- function(fit) {
  a <- fit$arma # p, q, P, Q, m, d, D
  list(order = a[c(1, 6, 2)], seasonal = a[c(3, 7, 4)], m = a[5], constant = constant_kind(fit),
       coef = as.list(coef(fit)), sigma2 = fit$sigma2, loglik = fit$loglik,
       aicc = if (is.null(fit$aicc)) NA else fit$aicc, string = forecast:::arima.string(fit, padding = FALSE))
}
forced <- function(y, m) {
  specs <- if (m == 1) list(list(order = c(1, 1, 1), seasonal = c(0, 0, 0), drift = TRUE, mean = FALSE),
                            list(order = c(2, 0, 0), seasonal = c(0, 0, 0), drift = FALSE, mean = TRUE))
           else list(list(order = c(1, 0, 1), seasonal = c(1, 0, 0), drift = FALSE, mean = TRUE),
                     list(order = c(0, 1, 1), seasonal = c(0, 1, 1), drift = FALSE, mean = FALSE))
  lapply(specs, function(s) {
    fit <- tryCatch(Arima(y, order = s$order, seasonal = s$seasonal, include.drift = s$drift, include.mean = s$mean),
                    error = function(e) NULL)
    c(s[c("order", "seasonal")], list(constant = if (s$drift) "drift" else if (s$mean && sum(s$order[2], s$seasonal[2]) == 0) "intercept" else "none"),
      if (is.null(fit)) list(error = TRUE) else list(error = FALSE, coef = as.list(coef(fit)), loglik = fit$loglik, sigma2 = fit$sigma2))
  })
}

res <- lapply(series, function(s) {
  y <- ts(s$values, frequency = s$m)
  t0 <- proc.time()[["elapsed"]]
  fit <- suppressWarnings(auto.arima(y))
  secs <- proc.time()[["elapsed"]] - t0
  fc <- forecast(fit, h = s$h, level = c(80, 95))
  D <- if (s$m > 1 && length(y) > 2 * s$m) nsdiffs(y) else 0
  dx <- if (D > 0) diff(y, lag = s$m, differences = D) else y
  message(sprintf("%-14s n=%3d m=%2d %s  %.2fs", s$id, length(y), s$m, forecast:::arima.string(fit, padding = FALSE), secs))
  c(s, list(auto = describe(fit), seconds = secs, nsdiffs = D, ndiffs = ndiffs(dx),
            forecast = list(mean = as.numeric(fc$mean), lower80 = as.numeric(fc$lower[, 1]), upper80 = as.numeric(fc$upper[, 1]),
                            lower95 = as.numeric(fc$lower[, 2]), upper95 = as.numeric(fc$upper[, 2]))),
    list(forced = forced(y, s$m)))
})
# makeARIMA's initial state covariance Pn for ARMA models given by their (seasonal) coefficients:
# R's default SSinit = "Gardner1980" and the exact "Rossignol2011"; the first case is one where
# Gardner's algorithm is far off (PR#14682), which ml/models/arima reproduces to match R.
sexpand <- function(nonseas, seas, m, sign) {
  a <- c(1, sign * nonseas)
  b <- c(1, as.vector(rbind(matrix(0, m - 1, length(seas)), sign * seas)))
  out <- rep(0, length(a) + length(b) - 1)
  for (i in seq_along(a)) out[i:(i + length(b) - 1)] <- out[i:(i + length(b) - 1)] + a[i] * b
  sign * out[-1]
}
q0cases <- list(
  list(ar = 0.025, ma = c(-0.117, -0.959, 0.140), sar = c(0.955 * 1.339, -0.339), sma = numeric(0), m = 12),
  list(ar = 0.5, ma = 0.3, sar = 0.4, sma = c(-0.5, 0.2), m = 12),
  list(ar = c(0.6, -0.2), ma = 0.4, sar = numeric(0), sma = numeric(0), m = 1)
)
q0 <- lapply(q0cases, function(k) {
  phi <- if (length(k$sar)) sexpand(k$ar, k$sar, k$m, -1) else k$ar
  theta <- if (length(k$sma)) sexpand(k$ma, k$sma, k$m, 1) else k$ma
  list(phi = I(phi), theta = I(theta),
       gardner = as.vector(makeARIMA(phi, theta, numeric(0), SSinit = "Gardner1980")$Pn),
       rossignol = as.vector(makeARIMA(phi, theta, numeric(0), SSinit = "Rossignol2011")$Pn))
})
meta <- list(r = R.version.string, forecast = as.character(packageVersion("forecast")), generated = format(Sys.time(), tz = "UTC", usetz = TRUE))
dir.create(dirname(out), showWarnings = FALSE, recursive = TRUE)
writeLines(toJSON(list(meta = meta, series = res, q0 = q0), auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = FALSE), out)
message("wrote ", out, " (", length(res), " series)")
