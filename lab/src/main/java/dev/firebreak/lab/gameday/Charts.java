package dev.firebreak.lab.gameday;

import dev.firebreak.lab.loadgen.SecondStats;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Draws a scenario as a PNG: goodput per model per second above, failures and sheds below, the faults marked. */
public final class Charts {

    private static final int WIDTH = 1080;
    private static final int HEIGHT = 560;
    private static final int LEFT = 70;
    private static final int RIGHT = 250;
    private static final Color[] MODEL_COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd), new Color(0xff7f0e)};
    private static final Stroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
            new float[]{6, 4}, 0);

    private Charts() {
    }

    public static void write(ScenarioResult result, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            Scenario s = result.scenario();
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(s.name() + ": " + s.title(), LEFT, 22);
            Panel top = new Panel(44, 300, "complete answers/s (goodput)");
            Panel bottom = new Panel(370, 150, "failed/s: errors + truncated (solid), shed 429 (dashed)");
            draw(g, result, top, SecondStats::ok, null);
            draw(g, result, bottom, st -> st.errors() + st.truncated(), SecondStats::shed);
            legend(g, result);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private record Panel(int y, int height, String label) {
    }

    private static void draw(Graphics2D g, ScenarioResult result, Panel panel, ToDoubleFunction<SecondStats> solid,
                             ToDoubleFunction<SecondStats> dashed) {
        Scenario s = result.scenario();
        double maxX = s.seconds();
        double maxY = 1;
        for (SecondStats st : result.series()) {
            maxY = Math.max(maxY, solid.applyAsDouble(st));
            if (dashed != null) {
                maxY = Math.max(maxY, dashed.applyAsDouble(st));
            }
        }
        maxY = niceCeiling(maxY);
        int plotWidth = WIDTH - LEFT - RIGHT;
        // The fault window, shaded.
        g.setColor(new Color(255, 235, 220));
        int x0 = x(s.faultAt(), maxX, plotWidth);
        g.fillRect(x0, panel.y(), x(s.afterFrom(), maxX, plotWidth) - x0, panel.height());
        g.setColor(new Color(235, 235, 235));
        g.fillRect(LEFT, panel.y(), x(s.beforeFrom(), maxX, plotWidth) - LEFT, panel.height());
        // Grid and axes.
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int ticks = maxY / Math.pow(10, Math.floor(Math.log10(maxY))) == 5 ? 5 : 4;
        for (int i = 0; i <= ticks; i++) {
            double v = maxY * i / ticks;
            int y = panel.y() + panel.height() - (int) (panel.height() * i / (double) ticks);
            g.setColor(new Color(220, 220, 220));
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f" : "%.1f", v), LEFT - 32, y + 4);
        }
        for (int t = 0; t <= maxX; t += 5) {
            int x = x(t, maxX, plotWidth);
            g.setColor(Color.DARK_GRAY);
            g.drawLine(x, panel.y() + panel.height(), x, panel.y() + panel.height() + 4);
            g.drawString(t + " s", x - 8, panel.y() + panel.height() + 16);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, panel.y(), plotWidth, panel.height());
        g.drawString(panel.label(), LEFT + 4, panel.y() + 13);
        // The faults.
        for (Step step : s.steps()) {
            int x = x(step.atSeconds(), maxX, plotWidth);
            g.setColor(new Color(200, 0, 0));
            g.setStroke(new BasicStroke(1.5f));
            g.drawLine(x, panel.y(), x, panel.y() + panel.height());
            if (panel.y() < 100) {
                g.drawString(step.fault().label(), x + 3, panel.y() + 28 + 14 * s.steps().indexOf(step));
            }
        }
        // The lines, one per model.
        for (int m = 0; m < s.models().size(); m++) {
            String model = s.models().get(m);
            List<SecondStats> mine = result.series().stream().filter(st -> st.model().equals(model)
                    && st.second() < s.seconds()).toList();
            g.setColor(MODEL_COLORS[m % MODEL_COLORS.length]);
            g.setStroke(new BasicStroke(2.2f));
            polyline(g, mine, solid, maxX, maxY, panel, plotWidth);
            if (dashed != null) {
                g.setStroke(DASHED);
                polyline(g, mine, dashed, maxX, maxY, panel, plotWidth);
            }
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static void polyline(Graphics2D g, List<SecondStats> points, ToDoubleFunction<SecondStats> value, double maxX,
                                 double maxY, Panel panel, int plotWidth) {
        int px = -1;
        int py = -1;
        for (SecondStats st : points) {
            // Each second's count is drawn at the middle of that second.
            int x = x(st.second() + 0.5, maxX, plotWidth);
            int y = panel.y() + panel.height() - (int) Math.round(panel.height() * value.applyAsDouble(st) / maxY);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
    }

    private static void legend(Graphics2D g, ScenarioResult result) {
        int x = WIDTH - RIGHT + 16;
        int y = 60;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        List<String> models = result.scenario().models();
        for (int m = 0; m < models.size(); m++) {
            String model = models.get(m);
            boolean hit = result.models().stream().anyMatch(f -> f.model().equals(model) && f.onFaultyNode());
            g.setColor(MODEL_COLORS[m % MODEL_COLORS.length]);
            g.fillRect(x, y - 9, 18, 4);
            g.setColor(Color.BLACK);
            g.drawString(model + (hit ? " (on faulty node)" : ""), x + 24, y - 4);
            y += 20;
        }
        y += 10;
        g.setColor(new Color(255, 235, 220));
        g.fillRect(x, y - 12, 18, 12);
        g.setColor(Color.BLACK);
        g.drawString("fault window", x + 24, y - 2);
        y += 20;
        g.setColor(new Color(235, 235, 235));
        g.fillRect(x, y - 12, 18, 12);
        g.setColor(Color.BLACK);
        g.drawString("warm-up", x + 24, y - 2);
        y += 20;
        g.setColor(new Color(200, 0, 0));
        g.drawLine(x, y - 6, x + 18, y - 6);
        g.setColor(Color.BLACK);
        g.drawString("fault injected", x + 24, y - 2);
        y += 30;
        g.drawString("route: " + result.scenario().route().name().toLowerCase(Locale.ROOT), x, y);
    }

    private static int x(double seconds, double maxX, int plotWidth) {
        return LEFT + (int) Math.round(plotWidth * Math.min(seconds, maxX) / maxX);
    }

    private static double niceCeiling(double v) {
        double[] steps = {1, 2, 4, 5, 10};
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double s : steps) {
            if (s * magnitude >= v) {
                return s * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
