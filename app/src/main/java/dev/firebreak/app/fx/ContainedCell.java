package dev.firebreak.app.fx;

import javafx.scene.control.ContentDisplay;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

/**
 * A live table's cell that draws its figure in a region of its own, which lays itself out: a new
 * figure lays out that region alone. A plain cell's new text asks its row, and the row its table,
 * for a layout, and a {@code TableView} that finds any row wanting layout re-indexes and re-styles
 * every visible row (its {@code VirtualFlow} rebuilds them); in a live table every row's figures
 * move each second.
 *
 * <p>The content sits unmanaged (its requests for layout stop at it) in a frame that is the
 * cell's graphic and fills the cell inside its padding, clipped to it; the cell's width comes from
 * its column, its height from the table's fixed cell size. A region fills the frame; a shape (a
 * text) sits at its left, centred in its height.
 */
public abstract class ContainedCell<S, C extends Node> extends LiveCell<S> {

    private final C content;
    private final Frame frame;

    protected ContainedCell(C content) {
        this.content = content;
        this.frame = new Frame(content);
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    }

    /** What the cell draws its figure in. */
    protected final C content() {
        return content;
    }

    /** Shows the content, or nothing. */
    protected final void showContent(boolean shown) {
        setGraphic(shown ? frame : null);
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        double left = snappedLeftInset();
        double top = snappedTopInset();
        frame.resizeRelocate(left, top, Math.max(0, getWidth() - left - snappedRightInset()),
                Math.max(0, getHeight() - top - snappedBottomInset()));
    }

    @Override
    protected double computePrefWidth(double height) {
        // Asked when a column is sized to its content; an unmanaged child counts for nothing otherwise.
        return snappedLeftInset() + content.prefWidth(-1) + snappedRightInset();
    }

    /** Holds the content unmanaged and gives it its place. */
    private static final class Frame extends Region {
        private final Node content;
        private final Rectangle clip = new Rectangle();

        Frame(Node content) {
            this.content = content;
            content.setManaged(false);
            getChildren().add(content);
            setClip(clip);
        }

        @Override
        protected void layoutChildren() {
            clip.setWidth(getWidth());
            clip.setHeight(getHeight());
            if (content.isResizable()) {
                content.resizeRelocate(0, 0, getWidth(), getHeight());
            } else {
                content.relocate(0, Math.round((getHeight() - content.prefHeight(-1)) / 2));
            }
        }
    }
}
