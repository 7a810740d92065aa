package cli

func init() {
	register("migrate", "bring a store's schema up to date (read-only commands refuse an old one)", runMigrate)
}

// runMigrate opens the store read-write, which applies the migrations it
// lacks. Read-only commands cannot, and ask for this instead of silently
// reading an old schema.
func runMigrate(e *env, args []string) error {
	fs := flags(e, "migrate", "[flags]", `Brings the schema of an existing store up to date with this version of
storyline. Commands that write (ingest, reprocess) do this by themselves;
commands that only read open the store read-only and ask for it.`)
	db := dbFlag(fs)
	st, err := parseAndOpen(e.ctx, fs, args, db)
	if err != nil {
		return err
	}
	return st.Close()
}
