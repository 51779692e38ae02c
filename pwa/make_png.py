"""Draws icon-192.png / icon-512.png (the SVG icon's shapes, no network, no PIL)."""
import struct, zlib, sys

def png(size, path):
    s = size / 64
    def fill(px, x, y, w, h, rgb):
        for yy in range(int(y * s), int((y + h) * s)):
            row = px[yy]
            for xx in range(int(x * s), int((x + w) * s)):
                row[xx] = rgb
    bg = (0x1f, 0x4e, 0x8c)
    px = [[bg] * size for _ in range(size)]
    for x in (8, 25, 42):
        fill(px, x, 10, 14, 44, (0xdb, 0xe7, 0xf7))
    for y in (13, 24, 35):
        fill(px, 10, y, 10, 8, (0xf2, 0xa3, 0x3a))
    for y in (13, 24):
        fill(px, 27, y, 10, 8, (0x3a, 0x8f, 0x5c))
    fill(px, 44, 13, 10, 8, (0x6b, 0x4f, 0xbb))
    raw = b"".join(b"\x00" + bytes(c for p in row for c in p) for row in px)
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(data)

if __name__ == "__main__":
    for n in (192, 512):
        png(n, f"icon-{n}.png")
