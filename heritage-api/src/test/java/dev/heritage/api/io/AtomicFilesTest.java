package dev.heritage.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesCreatingFoldersAndReplacesAnEarlierFile() throws IOException {
        Path target = dir.resolve("a/b/out.txt");
        AtomicFiles.writeString(target, "first");
        AtomicFiles.writeString(target, "second, longer");
        assertThat(target).hasContent("second, longer");
        assertThat(Files.list(target.getParent())).containsExactly(target);
    }

    @Test
    void aFailingBodyLeavesTheOldFileAndNoTemporaryBehind() throws IOException {
        Path target = dir.resolve("out.bin");
        AtomicFiles.writeBytes(target, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
                    out.write(9);
                    throw new IOException("disk full");
                }))
                .hasMessage("disk full");
        assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
        assertThat(Files.list(dir)).containsExactly(target);
    }

    @Test
    void neverReplacesAFolder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(folder.resolve("keep.txt"), "kept");
        assertThatThrownBy(() -> AtomicFiles.writeString(folder, "x"))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining("not a regular file");
        assertThat(folder.resolve("keep.txt")).hasContent("kept");
        assertThat(Files.list(dir)).containsExactly(folder);
    }

    @Test
    void replacesALinkItselfNotTheFileItPointsTo() throws IOException {
        Path real = dir.resolve("real.txt");
        Files.writeString(real, "untouched");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), real);
        AtomicFiles.writeString(link, "new");
        assertThat(real).hasContent("untouched");
        assertThat(Files.isSymbolicLink(link)).isFalse();
        assertThat(link).hasContent("new");
    }

    @Test
    void writesAnImageThatReadsBack() throws IOException {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(2, 1, 0x123456);
        Path png = dir.resolve("x.png");
        AtomicFiles.writeImage(png, img, "png");
        assertThat(ImageIO.read(png.toFile()).getRGB(2, 1) & 0xFFFFFF).isEqualTo(0x123456);
        assertThatThrownBy(() -> AtomicFiles.writeImage(dir.resolve("x.nope"), img, "nope"))
                .hasMessageContaining("No ImageIO writer for format 'nope'");
    }
}
