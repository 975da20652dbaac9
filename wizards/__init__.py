# Wizards (transient models) of the addon are imported here.
