#!/usr/bin/env python3
"""Draw the demo's photos of the honour board and its signed consent forms.

    python3 tools/generate_demo_photos.py

Writes demo/files/photos/*.jpg (illustrations of the published exemplars:
vegetable greenhouses, a widened village road, a lane with sorting bins, fish
ponds, an orchid house) and demo/files/phieu_dong_y_*.pdf (the scans of the
signed consent forms). Drawn here, from shapes, so that the demo carries no
photograph of anyone; rerun it to change them.
"""

import os
import random

from PIL import Image, ImageDraw, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PHOTOS = os.path.join(ROOT, "demo", "files", "photos")
FILES = os.path.join(ROOT, "demo", "files")
SIZE = (1200, 800)
TINOS = "/usr/share/fonts/truetype/croscore/Tinos-Regular.ttf"


def sky(draw, top, bottom, horizon):
    for y in range(horizon):
        ratio = y / max(horizon - 1, 1)
        color = tuple(int(top[i] + (bottom[i] - top[i]) * ratio) for i in range(3))
        draw.line([(0, y), (SIZE[0], y)], fill=color)


def ground(draw, color, horizon):
    draw.rectangle([0, horizon, SIZE[0], SIZE[1]], fill=color)


def hills(draw, horizon, color, rng):
    points = [(0, horizon)]
    for x in range(0, SIZE[0] + 100, 100):
        points.append((x, horizon - rng.randint(30, 90)))
    points.append((SIZE[0], horizon))
    draw.polygon(points, fill=color)


def tree(draw, x, y, scale=1.0):
    draw.rectangle([x - 6 * scale, y - 40 * scale, x + 6 * scale, y], fill=(92, 64, 40))
    for dx, dy, r in ((0, -70, 38), (-24, -52, 28), (24, -52, 28)):
        draw.ellipse(
            [
                x + (dx - r) * scale,
                y + (dy - r) * scale,
                x + (dx + r) * scale,
                y + (dy + r) * scale,
            ],
            fill=(46, 125, 50),
        )


def house(draw, x, y, wall, roof):
    draw.rectangle([x, y - 90, x + 140, y], fill=wall)
    draw.polygon([(x - 15, y - 90), (x + 70, y - 150), (x + 155, y - 90)], fill=roof)
    draw.rectangle([x + 55, y - 55, x + 85, y], fill=(120, 80, 50))
    draw.rectangle([x + 15, y - 70, x + 40, y - 45], fill=(200, 230, 250))
    draw.rectangle([x + 100, y - 70, x + 125, y - 45], fill=(200, 230, 250))


def greenhouse(draw, x, y, w, h, plants):
    draw.rectangle([x, y - h, x + w, y], fill=(226, 240, 236), outline=(160, 170, 170))
    draw.arc([x, y - h - h // 2, x + w, y - h + h // 2], 180, 360, fill=(150, 160, 160))
    for i in range(1, 8):
        px = x + i * w // 8
        draw.line([(px, y - h), (px, y)], fill=(170, 180, 180), width=2)
    for row in range(3):
        ry = y - 12 - row * 22
        for i in range(16):
            px = x + 12 + i * (w - 24) // 15
            draw.ellipse([px - 9, ry - 9, px + 9, ry + 9], fill=plants)


def people(draw, x, y, shirt):
    draw.ellipse([x - 10, y - 92, x + 10, y - 72], fill=(230, 190, 160))
    draw.polygon(
        [(x - 22, y - 64), (x, y - 78), (x + 22, y - 64)], fill=(230, 210, 120)
    )
    draw.rectangle([x - 14, y - 70, x + 14, y - 30], fill=shirt)
    draw.rectangle([x - 12, y - 30, x - 2, y], fill=(60, 60, 80))
    draw.rectangle([x + 2, y - 30, x + 12, y], fill=(60, 60, 80))


def finish(image, name, rng):
    """A touch of grain and blur, saved as a JPEG."""
    noise = Image.effect_noise(SIZE, 12).convert("RGB")
    image = Image.blend(image, noise, 0.04).filter(ImageFilter.GaussianBlur(0.6))
    image.save(os.path.join(PHOTOS, f"{name}.jpg"), "JPEG", quality=82)


def vietgap(rng, variant):
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    sky(draw, (120, 180, 235), (215, 235, 250), 330)
    hills(draw, 330, (120, 170, 110), rng)
    ground(draw, (150, 112, 70), 330)
    for row in range(6):
        y = 370 + row * 75
        draw.rectangle([0, y, SIZE[0], y + 40], fill=(118, 84, 52))
        for i in range(30):
            x = 20 + i * 40 + (row % 2) * 20
            draw.ellipse([x - 16, y - 4, x + 16, y + 26], fill=(76, 160, 60))
    greenhouse(draw, 680 if variant else 80, 330, 440, 120, (90, 170, 80))
    for i in range(3 + variant):
        people(draw, 300 + i * 160, 620 + (i % 2) * 30, (30, 110, 170))
    return image


def road(rng, variant):
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    sky(draw, (140, 190, 240), (225, 238, 250), 360)
    ground(draw, (110, 160, 90), 360)
    draw.polygon(
        [(520, 360), (680, 360), (1100, 800), (100, 800)], fill=(150, 150, 150)
    )
    for i in range(8):
        y = 380 + i * 55
        half = 6 + i * 3
        draw.rectangle(
            [598 - half // 3, y, 602 + half // 3, y + 25], fill=(245, 245, 245)
        )
    house(draw, 120, 400, (245, 225, 180), (180, 70, 50))
    house(draw, 900, 410, (230, 230, 210), (150, 60, 60))
    for x in (60, 330, 860, 1130):
        tree(draw, x, 430 + (x % 3) * 10, 1.2)
    if variant:
        for i in range(4):
            people(draw, 300 + i * 190, 700, (200, 60, 60))
    else:
        draw.rectangle([410, 520, 790, 600], fill=(200, 30, 30))
        draw.rectangle([430, 535, 770, 585], fill=(240, 200, 60))
    return image


def bins(rng, variant):
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    sky(draw, (150, 200, 240), (230, 240, 250), 300)
    ground(draw, (200, 190, 170), 300)
    house(draw, 60, 420, (240, 220, 190), (170, 80, 60))
    house(draw, 980, 420, (235, 235, 220), (140, 70, 60))
    for i, color in enumerate(((40, 140, 60), (30, 90, 180), (230, 150, 30))):
        x = 380 + i * 160
        draw.rectangle([x, 420, x + 120, 600], fill=color)
        draw.rectangle([x - 8, 400, x + 128, 425], fill=tuple(c // 2 for c in color))
        draw.ellipse([x + 40, 470, x + 80, 510], fill=(250, 250, 250))
    for i in range(2 + variant):
        people(draw, 300 + i * 300, 720, (190, 50, 120))
    for x in (250, 900):
        tree(draw, x, 430, 1.1)
    return image


def ponds(rng, variant):
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    sky(draw, (130, 185, 235), (220, 235, 250), 280)
    hills(draw, 280, (110, 160, 100), rng)
    ground(draw, (120, 170, 90), 280)
    for row in range(2):
        for col in range(3):
            x, y = 60 + col * 380, 330 + row * 230
            draw.rectangle([x, y, x + 330, y + 190], fill=(90, 140, 170))
            draw.rectangle([x, y, x + 330, y + 190], outline=(140, 110, 70), width=10)
            for _ in range(5):
                fx, fy = x + rng.randint(30, 300), y + rng.randint(30, 160)
                draw.ellipse([fx - 20, fy - 4, fx + 20, fy + 4], fill=(160, 200, 220))
            if (row + col + variant) % 2:
                draw.line(
                    [(x + 165, y + 95), (x + 165, y + 40)], fill=(80, 80, 80), width=4
                )
                draw.ellipse([x + 140, y + 80, x + 190, y + 110], fill=(240, 240, 240))
    people(draw, 600, 560, (40, 120, 80))
    return image


def orchids(rng, variant):
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, SIZE[0], SIZE[1]], fill=(232, 240, 235))
    for i in range(13):
        x = i * 100
        draw.line([(x, 0), (x, 260)], fill=(200, 210, 205), width=3)
    draw.rectangle([0, 250, SIZE[0], 800], fill=(200, 215, 200))
    for row in range(4):
        y = 330 + row * 120
        draw.rectangle([0, y + 40, SIZE[0], y + 60], fill=(120, 100, 80))
        for i in range(14):
            x = 40 + i * 85 + (row % 2) * 40
            draw.line([(x, y + 40), (x, y - 20)], fill=(60, 120, 60), width=3)
            for k in range(3):
                color = (200, 80, 180) if (i + k + variant) % 3 else (250, 240, 250)
                draw.ellipse(
                    [x - 12 + k * 8, y - 30 + k * 12, x + 12 + k * 8, y - 8 + k * 12],
                    fill=color,
                )
    people(draw, 900 if variant else 300, 770, (120, 60, 150))
    return image


SCENES = {
    "htx_hoa_sen_nha_mang": (vietgap, 0),
    "htx_hoa_sen_ruong_rau": (vietgap, 1),
    "ho_le_thi_hanh_duong_truc_thon": (road, 0),
    "ho_le_thi_hanh_khanh_thanh": (road, 1),
    "clb_phu_nu_thon_doai_thung_rac": (bins, 0),
    "clb_phu_nu_thon_doai_ngo_xom": (bins, 1),
    "trang_trai_ca_giong_phung_van_luc": (ponds, 0),
    "ao_ca_giong_co_loa": (ponds, 1),
    "nha_lan_ho_diep_ta_thi_men": (orchids, 0),
}

CONSENTS = {
    "phieu_dong_y_htx_hoa_sen": (
        "Nguyễn Văn Sen, Giám đốc HTX",
        "HTX Nông nghiệp Hoa Sen Vân Nội",
    ),
    "phieu_dong_y_ho_le_thi_hanh": (
        "Lê Thị Hạnh, chủ hộ",
        "Hộ bà Lê Thị Hạnh (thôn Trung)",
    ),
    "phieu_dong_y_clb_phu_nu_thon_doai": (
        "Đỗ Thị Hoa, Chủ nhiệm câu lạc bộ",
        "Câu lạc bộ Phụ nữ bảo vệ môi trường thôn Đoài",
    ),
    "phieu_dong_y_phung_van_luc": ("Phùng Văn Lực", "Phùng Văn Lực"),
}


def consent_scan(name, signer, exemplar):
    """A one-page scan of the signed consent form."""
    font = "Times-Roman"
    if os.path.exists(TINOS):
        pdfmetrics.registerFont(TTFont("Tinos", TINOS))
        font = "Tinos"
    sheet = canvas.Canvas(os.path.join(FILES, f"{name}.pdf"), pagesize=A4)
    width, height = A4
    sheet.setFont(font, 13)
    lines = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "",
        "PHIẾU ĐỒNG Ý",
        "Về việc công khai thông tin điển hình tiên tiến trên Cổng thông tin điện tử",
        "",
        f"Tôi là: {signer}",
        f"Đồng ý công khai thông tin về điển hình tiên tiến {exemplar}",
        "theo nội dung phiếu do Ủy ban nhân dân xã lập (bản chụp phiếu đã ký).",
        "",
        "NGƯỜI ĐỒNG Ý",
        "(đã ký)",
        signer.split(",")[0],
    ]
    y = height - 80
    for line in lines:
        sheet.drawCentredString(width / 2, y, line)
        y -= 24
    sheet.showPage()
    sheet.save()


def main():
    os.makedirs(PHOTOS, exist_ok=True)
    for name, (scene, variant) in SCENES.items():
        rng = random.Random(name)
        finish(scene(rng, variant), name, rng)
    for name, (signer, exemplar) in CONSENTS.items():
        consent_scan(name, signer, exemplar)
    print(f"{len(SCENES)} photos, {len(CONSENTS)} consent forms written")


if __name__ == "__main__":
    main()
