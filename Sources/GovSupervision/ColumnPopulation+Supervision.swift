import KGML

extension ColumnPopulation {
    /// The population of a supervision feature table (the enterprises scored on the same day): its
    /// category and flag columns counted, the others numeric, as `SupervisionFeatures.meaning` says.
    /// Built once per scoring pass (`RiskAlerts.scoreAndRaise`) or once per snapshot of the records
    /// (`SupervisionService`), never per reason.
    public init(supervision table: TabularData) {
        let counted = table.columns.filter { name in
            switch SupervisionFeatures.meaning[name]?.kind { case .category?, .flag?: true; default: false }
        }
        self.init(table, counted: Set(counted))
    }
}
