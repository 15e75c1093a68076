package dev.firebreak.agent.cli;

import dev.firebreak.agent.api.SloBucket;
import dev.firebreak.agent.api.SloHistory;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A month's availability per model as a PNG line chart: one line per model, one point per day with
 * traffic (a day without is a gap, not 100%), each model's objective as a dashed line of its colour.
 * Drawn with the JDK's own 2D graphics, headless.
 */
final class SloChart {

    static final int WIDTH = 960;
    static final int HEIGHT = 540;
    private static final int LEFT = 70;
    private static final int RIGHT = 170;
    private static final int TOP = 50;
    private static final int BOTTOM = 50;
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
            new Color(0xff7f0e), new Color(0x17becf)};

    private SloChart() {
    }

    static void write(SloHistory history, String title, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            TreeSet<String> models = new TreeSet<>();
            history.objectives().forEach(o -> models.add(o.model()));
            history.buckets().forEach(b -> models.add(b.model()));
            double floor = floor(history);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, LEFT, 30);
            axes(g, history, floor);
            int i = 0;
            for (String model : models) {
                Color colour = COLOURS[i % COLOURS.length];
                line(g, history, model, floor, colour);
                legend(g, model, colour, i);
                i++;
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    /** The lowest availability shown: a little under the lowest objective or day, at most 99%. */
    private static double floor(SloHistory history) {
        double lowest = 0.99;
        for (SloHistory.Objective o : history.objectives()) {
            lowest = Math.min(lowest, o.availability());
        }
        for (SloBucket b : history.buckets()) {
            if (b.availability() != null) {
                lowest = Math.min(lowest, b.availability());
            }
        }
        return Math.max(0, Math.floor((lowest - 0.005) * 100) / 100);
    }

    private static void axes(Graphics2D g, SloHistory h, double floor) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(Color.GRAY);
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        for (int step = 0; step <= 4; step++) {
            double share = floor + (1 - floor) * step / 4;
            int y = y(share, floor);
            g.drawLine(LEFT - 4, y, LEFT, y);
            g.drawString(String.format(Locale.ROOT, "%.2f%%", 100 * share), 8, y + 4);
        }
        long days = Math.max(1, (h.toMillis() - h.fromMillis()) / h.bucketMillis());
        for (long d = 0; d < days; d += 5) {
            int x = x(h, h.fromMillis() + d * h.bucketMillis());
            g.drawString(Long.toString(d + 1), x - 3, HEIGHT - BOTTOM + 16);
        }
        g.drawString("day of the period", LEFT + (WIDTH - LEFT - RIGHT) / 2 - 40, HEIGHT - 12);
    }

    private static void line(Graphics2D g, SloHistory h, String model, double floor, Color colour) {
        g.setColor(colour);
        h.objectives().stream().filter(o -> o.model().equals(model)).findFirst().ifPresent(o -> {
            g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            int y = y(o.availability(), floor);
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
        });
        g.setStroke(new BasicStroke(2));
        TreeMap<Long, Double> days = new TreeMap<>();
        for (SloBucket b : h.buckets()) {
            if (b.model().equals(model) && b.availability() != null) {
                days.put(b.startMillis(), b.availability());
            }
        }
        Long previous = null;
        for (var day : days.entrySet()) {
            int x = x(h, day.getKey() + h.bucketMillis() / 2);
            int y = y(day.getValue(), floor);
            g.fillOval(x - 3, y - 3, 6, 6);
            if (previous != null && day.getKey() - previous == h.bucketMillis()) {
                g.drawLine(x(h, previous + h.bucketMillis() / 2), y(days.get(previous), floor), x, y);
            }
            previous = day.getKey();
        }
    }

    private static void legend(Graphics2D g, String model, Color colour, int index) {
        int y = TOP + 10 + index * 20;
        g.setColor(colour);
        g.fillRect(WIDTH - RIGHT + 15, y - 8, 12, 12);
        g.setColor(Color.BLACK);
        g.drawString(model, WIDTH - RIGHT + 32, y + 2);
    }

    private static int x(SloHistory h, long atMillis) {
        double share = (double) (atMillis - h.fromMillis()) / (h.toMillis() - h.fromMillis());
        return LEFT + (int) Math.round(share * (WIDTH - LEFT - RIGHT));
    }

    private static int y(double availability, double floor) {
        double share = (availability - floor) / (1 - floor);
        return HEIGHT - BOTTOM - (int) Math.round(Math.max(0, Math.min(1, share)) * (HEIGHT - TOP - BOTTOM));
    }
}
