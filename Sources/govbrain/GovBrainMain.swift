import ArgumentParser
import KGEmbedding

/// The program's entry point: first makes sure OpenBLAS runs the kernels this CPU can run
/// (which may restart the program once, see `BLASCoreSelection`), then runs the command.
@main
enum GovBrainMain {
    static func main() async {
        BLASCoreSelection.applyAtStart()
        await GovBrain.main()
    }
}
