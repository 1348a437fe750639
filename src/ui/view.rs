//! The swimlanes' time transform: which millisecond is at the left edge and how many
//! milliseconds a point covers; zoom about a point, pan, fit. Pure arithmetic, tested alone.

/// Maps call time (ms since start) to x positions in the plot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeView {
    /// Time at the plot's left edge.
    pub t0_ms: f64,
    pub ms_per_pt: f64,
}

impl Default for TimeView {
    fn default() -> Self {
        Self {
            t0_ms: 0.0,
            ms_per_pt: 100.0,
        }
    }
}

/// Limits of zoom: from a millisecond per point to an hour per 100 points.
const MIN_MS_PER_PT: f64 = 0.05;
const MAX_MS_PER_PT: f64 = 36_000.0;

impl TimeView {
    /// The whole call, with room on the right for the last markers' reasons and link labels.
    pub fn fit(duration_ms: f64, width_pt: f32) -> Self {
        const LEFT_PT: f64 = 14.0;
        let right_pt = (f64::from(width_pt) * 0.15).clamp(40.0, 120.0);
        let d = duration_ms.max(1000.0);
        let w = (f64::from(width_pt) - LEFT_PT - right_pt).max(60.0);
        let ms_per_pt = (d / w).clamp(MIN_MS_PER_PT, MAX_MS_PER_PT);
        Self {
            t0_ms: -LEFT_PT * ms_per_pt,
            ms_per_pt,
        }
    }

    /// `[from_ms, to_ms]` across a plot `width_pt` wide (a little room kept on the right).
    pub fn span(from_ms: f64, to_ms: f64, width_pt: f32) -> Self {
        let w = (f64::from(width_pt) * 0.9).max(60.0);
        let ms_per_pt = ((to_ms - from_ms).max(1.0) / w).clamp(MIN_MS_PER_PT, MAX_MS_PER_PT);
        Self {
            t0_ms: from_ms,
            ms_per_pt,
        }
    }

    /// x offset from the plot's left edge of time `t_ms`.
    pub fn x_of(&self, t_ms: f64) -> f32 {
        ((t_ms - self.t0_ms) / self.ms_per_pt) as f32
    }

    pub fn t_of(&self, x: f32) -> f64 {
        self.t0_ms + f64::from(x) * self.ms_per_pt
    }

    /// Zooms by `factor` (> 1 zooms in) keeping the time under `x` in place.
    pub fn zoom_at(&mut self, x: f32, factor: f32) {
        if !(factor.is_finite() && factor > 0.0) {
            return;
        }
        let t = self.t_of(x);
        self.ms_per_pt = (self.ms_per_pt / f64::from(factor)).clamp(MIN_MS_PER_PT, MAX_MS_PER_PT);
        self.t0_ms = t - f64::from(x) * self.ms_per_pt;
    }

    /// Moves the view by `dx` points (drag to the right shows earlier times).
    pub fn pan(&mut self, dx: f32) {
        self.t0_ms -= f64::from(dx) * self.ms_per_pt;
    }

    /// Pans so that `t_ms` is visible in a plot `width_pt` wide, keeping the zoom.
    /// Returns whether the view moved.
    pub fn reveal(&mut self, t_ms: f64, width_pt: f32) -> bool {
        let w = f64::from(width_pt) * self.ms_per_pt;
        let outside = t_ms < self.t0_ms || t_ms > self.t0_ms + w;
        if outside {
            self.t0_ms = t_ms - w * 0.3;
        }
        outside
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_keeps_the_point_under_the_pointer() {
        let mut v = TimeView::fit(60_000.0, 600.0);
        assert!(v.x_of(0.0) > 0.0, "the call starts inside the plot");
        assert!(v.x_of(60_000.0) < 600.0, "and ends inside it");
        let before = v.t_of(200.0);
        v.zoom_at(200.0, 2.0);
        assert!((v.t_of(200.0) - before).abs() < 1e-6);
        v.pan(10.0);
        assert!(v.t_of(200.0) < before);
    }
}
