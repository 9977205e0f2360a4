/// Incremental estimators and risk math, free of I/O: per-instrument volatility (`EWMAVariance`,
/// `RealizedVolatility`, `GARCH11`), cross-sectional covariance (`EWMACovariance`, `NearestPSD`), portfolio
/// risk (`ParametricVaR`, `DeltaGammaVaR`, `HistoricalVaR`, `MonteCarloVaR`, `IncrementalParametricVaR`,
/// `StressTest`), VaR backtesting (`VaRBacktest`) and anomaly scores (`AnomalyDetector`).
///
/// Every type is a `Sendable` value type so that a stream stage can own one per key and checkpoint it.
/// Linear algebra goes through OpenBLAS/LAPACKE behind `Matrix` (`LinearAlgebra/`, the only code importing
/// `CLapacke`).
public enum Analytics {}
