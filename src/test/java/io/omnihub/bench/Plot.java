package io.omnihub.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG: intake latency percentiles against the offered rate, for every step of the search (XChart, headless). */
final class Plot {

    private Plot() {
    }

    static void latencyByRate(Path png, List<OpenLoad.Step> empty, List<OpenLoad.Step> scaled, double limit)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title("Omnihub intake: latency from intended send time vs offered rate")
                .xAxisTitle("offered rate (requests/s)").yAxisTitle("latency (ms, log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(6);
        add(chart, "", empty);
        if (!scaled.isEmpty()) {
            add(chart, " (preloaded)", scaled);
        }
        List<OpenLoad.Step> all = new java.util.ArrayList<>(empty);
        all.addAll(scaled);
        double maxRate = all.stream().mapToDouble(OpenLoad.Step::offered).max().orElse(1);
        XYSeries line = chart.addSeries("p99 limit " + (int) limit + " ms", new double[] { 0, maxRate },
                new double[] { limit, limit });
        line.setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void add(XYChart chart, String suffix, List<OpenLoad.Step> steps) {
        List<OpenLoad.Step> sorted = steps.stream().filter(s -> s.ok() > 0)
                .sorted(Comparator.comparingDouble(OpenLoad.Step::offered)).toList();
        if (sorted.isEmpty()) {
            return;
        }
        series(chart, "p50" + suffix, sorted, OpenLoad.Step::p50);
        series(chart, "p99" + suffix, sorted, OpenLoad.Step::p99);
        series(chart, "p99.9" + suffix, sorted, OpenLoad.Step::p999);
    }

    private static void series(XYChart chart, String name, List<OpenLoad.Step> steps, ToDoubleFunction<OpenLoad.Step> y) {
        chart.addSeries(name, steps.stream().mapToDouble(OpenLoad.Step::offered).toArray(),
                steps.stream().mapToDouble(s -> Math.max(y.applyAsDouble(s), 0.01)).toArray());
    }
}
