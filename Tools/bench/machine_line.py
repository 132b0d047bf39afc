"""The line every benchmark prints beside its figures: the CPU, the BLAS kernels GovBrain runs
on and a measured sgemm speed, from `govbrain doctor --format json` (see README, "BLAS").

    from machine_line import machine_line
    print(machine_line(".build/release/govbrain"))
"""
import json
import subprocess


def machine_line(govbrain, size=1024):
    """One line: CPU, OpenBLAS core (and who chose it), sgemm GFLOP/s on 1 and all threads."""
    try:
        out = subprocess.run([govbrain, "doctor", "--format", "json", "--size", str(size)],
                             capture_output=True, text=True, timeout=120)
        doc = json.loads(out.stdout)
    except (OSError, subprocess.SubprocessError, json.JSONDecodeError) as e:
        return f"machine: govbrain doctor failed ({e})"
    blas, cpu, gemm = doc["blas"], doc["cpu"], doc.get("sgemm") or {}
    core = blas.get("core") or "not OpenBLAS"
    chosen = blas["chosenBy"] + (f", replaced {blas['replaced']}" if blas.get("replaced") else "")
    slow = "  WARNING: below this CPU's kernels" if blas.get("belowCPU") else ""
    speed = ""
    if gemm:
        speed = f"; sgemm {gemm['n']}²: {gemm['gflops1Thread']:.1f} GFLOP/s on 1 thread"
        if gemm.get("gflopsAllThreads"):
            speed += f", {gemm['gflopsAllThreads']:.1f} on {gemm['threads']}"
    return (f"machine: {cpu['brand'] or cpu['vendor']} ({' '.join(cpu['features'])}); "
            f"BLAS core {core} (chosen by {chosen}){speed}{slow}")


if __name__ == "__main__":
    import sys
    print(machine_line(sys.argv[1] if len(sys.argv) > 1 else ".build/release/govbrain"))
