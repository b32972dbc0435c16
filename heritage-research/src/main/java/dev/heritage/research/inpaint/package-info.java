/**
 * Research programs behind the reconstruction figures in {@code docs/} (classical baselines, the network
 * and clustered models' training and evaluation). Not API, not published; each class's Javadoc gives its
 * command.
 */
package dev.heritage.research.inpaint;
