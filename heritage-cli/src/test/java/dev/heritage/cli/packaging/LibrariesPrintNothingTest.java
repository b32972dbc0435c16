package dev.heritage.cli.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The libraries log only through SLF4J and print nothing of their own: no class of a library artifact
 * reads {@code System.out} or {@code System.err} or calls {@code printStackTrace()} (which prints to
 * {@code System.err}). Checked in the compiled classes' constant pools, so comments and Javadoc do not
 * count and no way of writing the call escapes. The command line, the benchmarks and the research
 * programs may print; the engines' conformance harness ({@code heritage-engine-tck}) is a test-scope
 * program whose standard output is its report to the suite, and is not a library.
 */
class LibrariesPrintNothingTest {

    /** One class of each library and zoo artifact: the artifact that holds it is scanned whole. */
    private static final List<Class<?>> LIBRARIES = Stream.concat(
                    LibraryArtifacts.LIBRARIES.stream(), LibraryArtifacts.ZOOS.stream())
            .toList();

    @Test
    void noLibraryClassPrints() throws Exception {
        List<String> printing = new ArrayList<>();
        int classes = 0;
        for (Class<?> library : LIBRARIES) {
            List<ClassFile> files = classFiles(library);
            assertThat(files).as(location(library) + " holds classes").isNotEmpty();
            classes += files.size();
            for (ClassFile f : files) {
                for (String use : printingUses(f.bytes())) {
                    printing.add(location(library).getFileName() + "!" + f.name() + ": " + use);
                }
            }
        }
        assertThat(classes).as("classes scanned").isGreaterThan(200);
        assertThat(printing)
                .as("log through SLF4J (org.slf4j.Logger) instead of printing")
                .isEmpty();
    }

    @Test
    void theScanFindsEachWayOfPrinting() throws IOException {
        String name = "/" + Printer.class.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = Printer.class.getResourceAsStream(name)) {
            bytes = in.readAllBytes();
        }
        assertThat(printingUses(bytes))
                .containsExactlyInAnyOrder(
                        "java/lang/System.out", "java/lang/System.err", "java/lang/Exception.printStackTrace()V");
    }

    /** Prints in each of the ways the scan looks for. */
    @SuppressWarnings("unused")
    static final class Printer {
        void print(Exception e) {
            System.out.println("out");
            System.err.println("err");
            e.printStackTrace();
        }
    }

    private record ClassFile(String name, byte[] bytes) {}

    /**
     * @param classFile a class file's bytes
     * @return the printing members its constant pool refers to, e.g. {@code java/lang/System.out}
     */
    static List<String> printingUses(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] tag = new int[count];
        int[] first = new int[count];
        int[] second = new int[count];
        for (int i = 1; i < count; i++) {
            tag[i] = in.readUnsignedByte();
            switch (tag[i]) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> {
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                }
                case 15 -> {
                    in.readUnsignedByte();
                    first[i] = in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant-pool tag " + tag[i]);
            }
        }
        List<String> uses = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            if (tag[i] != 9 && tag[i] != 10 && tag[i] != 11) {
                continue;
            }
            String owner = utf8[first[first[i]]];
            String member = utf8[first[second[i]]];
            String descriptor = utf8[second[second[i]]];
            if (tag[i] == 9 && owner.equals("java/lang/System") && (member.equals("out") || member.equals("err"))) {
                uses.add(owner + "." + member);
            } else if (tag[i] != 9 && member.equals("printStackTrace") && descriptor.equals("()V")) {
                uses.add(owner + "." + member + descriptor);
            }
        }
        return uses;
    }

    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The class files of a library's artifact: its jar after {@code package}, its classes folder before. */
    private static List<ClassFile> classFiles(Class<?> library) throws IOException {
        Path where = location(library);
        List<ClassFile> out = new ArrayList<>();
        if (Files.isDirectory(where)) {
            try (Stream<Path> files = Files.walk(where)) {
                files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
                    try {
                        out.add(new ClassFile(where.relativize(f).toString(), Files.readAllBytes(f)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        } else {
            try (JarFile jar = new JarFile(where.toFile())) {
                for (JarEntry e : Collections.list(jar.entries())) {
                    if (e.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            out.add(new ClassFile(e.getName(), in.readAllBytes()));
                        }
                    }
                }
            }
        }
        return out;
    }
}
