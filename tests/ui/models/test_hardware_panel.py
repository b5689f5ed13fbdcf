"""The Hardware tab: the backend, devices, memory and how to install a GPU build; GPU memory in the fit."""

from __future__ import annotations

from desktop_app.core.engine.backend import BackendReport, Device
from desktop_app.core.models.gguf import read_gguf_info
from desktop_app.core.models.fit import estimate_memory
from tests.support.fake_hub import write_tiny_gguf
from tests.ui.models.conftest import GB

CUDA = BackendReport(
    devices=(
        Device("CPU", "CPU", "Test CPU", "cpu", None, None),
        Device("CUDA", "CUDA0", "NVIDIA GeForce RTX 4070", "gpu", 11 * GB, 12 * GB),
    ),
    gpu_offload=True,
    system_info="CUDA : ARCHS = 890 | AVX2 = 1",
)


def test_a_cpu_build_says_so_and_shows_how_to_install_an_accelerated_one(qtbot, make_page):
    page = make_page()
    panel = page.hardware

    assert panel.backend.text().startswith("CPU only")
    assert panel.ram.text() == "8.0 GB available of 16.0 GB"
    assert panel.devices.rowCount() == 1 and panel.devices.item(0, 2).text() == "Test CPU"
    commands = panel.commands.toPlainText()
    for flag in ("-DGGML_CUDA=on", "-DGGML_METAL=on", "-DGGML_VULKAN=on"):
        assert f'CMAKE_ARGS="{flag}"' in commands
    assert "pip install --force-reinstall --no-cache-dir llama-cpp-python" in commands


def test_a_gpu_build_lists_its_devices_and_counts_gpu_memory_in_the_fit(qtbot, make_page, models_dir):
    folder = models_dir / "alice" / "Tiny-GGUF"
    folder.mkdir(parents=True)
    path = write_tiny_gguf(folder / "tiny.gguf")
    need = estimate_memory(read_gguf_info(path), 2048).total_bytes
    page = make_page(detect_hardware=lambda: CUDA, ram_available=lambda: need // 2)

    assert page.hardware.backend.text().startswith("CUDA")
    assert page.hardware.devices.item(1, 2).text() == "NVIDIA GeForce RTX 4070"
    assert page.hardware.devices.item(1, 3).text() == "11.0 GB"
    model = page.installed.models()[0]
    report = page.fit_for(model)
    assert report.gpu_free_bytes == 11 * GB and report.verdict.value == "fits"
    assert "GPU memory" in page.installed.table.item(0, 7).toolTip()


def test_a_failed_detection_is_shown_not_raised(qtbot, make_page):
    def broken():
        raise ImportError("No module named 'llama_cpp'")

    page = make_page(detect_hardware=broken)

    assert "llama_cpp" in page.hardware.backend.text()


def test_the_real_build_is_detected(qtbot, make_page):
    from desktop_app.ui.models.models_page import default_detect_hardware

    page = make_page(detect_hardware=default_detect_hardware)

    assert page.hardware.devices.rowCount() >= 1
    assert page.hardware.backend.text() != "Checking…"
