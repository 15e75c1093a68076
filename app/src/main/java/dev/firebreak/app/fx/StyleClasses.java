package dev.firebreak.app.fx;

import javafx.scene.Node;

import java.util.List;
import java.util.function.Predicate;

/**
 * Style classes changed only when they change. A node whose class list is touched has its CSS and
 * its children's worked out anew on the next pulse, even when the list ends as it was: a cell that
 * removed and added back its colour class every second cost the console most of its layout time.
 */
public final class StyleClasses {

    private StyleClasses() {
    }

    /** Makes {@code wanted} ({@code null}: none) the one class of {@code node} that {@code group} accepts. */
    public static void choose(Node node, Predicate<String> group, String wanted) {
        List<String> classes = node.getStyleClass();
        boolean has = false;
        boolean others = false;
        for (String c : classes) {
            if (group.test(c)) {
                if (c.equals(wanted)) {
                    has = true;
                } else {
                    others = true;
                }
            }
        }
        if (others) {
            classes.removeIf(c -> group.test(c) && !c.equals(wanted));
        }
        if (!has && wanted != null) {
            classes.add(wanted);
        }
    }
}
