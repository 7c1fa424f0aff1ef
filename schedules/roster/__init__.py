"""The roster room: the week grid, saving a week, sharing it, and BKPSDM's oversight."""
