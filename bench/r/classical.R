# R's forecast package on the same splits as Almanac (bench/classical.bench.ts writes the input).
#   Rscript bench/r/classical.R INPUT.json OUTDIR [models, e.g. ets,arima,theta,naive,snaive]
# INPUT.json: [{id, m, h, values}]. Writes OUTDIR/forecasts.csv (model,id,step,mean,lo95,hi95) and
# OUTDIR/timings.csv (model,seconds,failures): seconds is system.time()'s elapsed time of fitting and
# forecasting every series with that model. A failed fit falls back to snaive and is counted.
suppressMessages({ library(forecast); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
input <- fromJSON(args[1], simplifyVector = FALSE)
outdir <- args[2]
models <- if (length(args) >= 3) strsplit(args[3], ",")[[1]] else c("ets", "arima", "theta", "naive", "snaive")
fitters <- list(
  ets = function(y, h) forecast(ets(y), h = h, level = 95),
  arima = function(y, h) forecast(auto.arima(y), h = h, level = 95),
  theta = function(y, h) thetaf(y, h = h, level = 95),
  naive = function(y, h) naive(y, h = h, level = 95),
  snaive = function(y, h) snaive(y, h = h, level = 95)
)
rows <- list()
timings <- data.frame(model = character(), seconds = numeric(), failures = integer())
for (model in models) {
  fails <- 0L
  res <- vector("list", length(input))
  tm <- system.time({
    for (k in seq_along(input)) {
      s <- input[[k]]
      y <- ts(as.numeric(unlist(s$values)), frequency = s$m)
      f <- tryCatch(suppressWarnings(fitters[[model]](y, s$h)), error = function(e) NULL)
      if (is.null(f)) { fails <- fails + 1L; f <- snaive(y, h = s$h, level = 95) }
      res[[k]] <- data.frame(model = model, id = s$id, step = seq_len(s$h), mean = as.numeric(f$mean),
                             lo95 = as.numeric(f$lower[, 1]), hi95 = as.numeric(f$upper[, 1]))
    }
  })
  rows[[model]] <- do.call(rbind, res)
  timings <- rbind(timings, data.frame(model = model, seconds = unname(tm["elapsed"]), failures = fails))
}
write.csv(do.call(rbind, rows), file.path(outdir, "forecasts.csv"), row.names = FALSE)
write.csv(timings, file.path(outdir, "timings.csv"), row.names = FALSE)
